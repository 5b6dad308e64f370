package io.khata.core.ledger;

import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drives a {@link Ledger} in tests without consensus: builds the next block from candidates,
 * signs its commit with every test validator's key, and commits it. Also signs transactions.
 */
public final class TestChain {
    public static final long BLOCK_INTERVAL_MILLIS = 1_000;

    private final TestGenesis fixture;
    private final Ledger ledger;
    private long nonce;
    private final Map<String, KeyPair> extraValidatorKeys = new java.util.HashMap<>();

    public TestChain(TestGenesis fixture, Ledger ledger) {
        this.fixture = fixture;
        this.ledger = ledger;
    }

    public Ledger ledger() {
        return ledger;
    }

    public TestGenesis fixture() {
        return fixture;
    }

    /**
     * A commit certificate for {@code block} signed by every validator of the test genesis, each
     * precommit stamped {@link #BLOCK_INTERVAL_MILLIS} after the block's time, so the next block's
     * (BFT) time is that much later.
     */
    public Commit commitFor(Block block) {
        List<Vote> precommits = new ArrayList<>();
        for (io.khata.core.block.Validator validator : ledger.validatorsAt(block.height()).validators()) {
            KeyPair key = extraValidatorKeys.containsKey(validator.id()) ? extraValidatorKeys.get(validator.id())
                    : fixture.validatorKeys().get(validator.id());
            if (key != null) {
                precommits.add(Vote.sign(VoteType.PRECOMMIT, ledger.chainId(), block.height(), 0, block.hash(),
                        block.header().timeMillis() + BLOCK_INTERVAL_MILLIS, validator.id(), key));
            }
        }
        return Commit.of(block.height(), 0, block.hash(), precommits);
    }

    /** Makes commits include the precommit of a validator added after genesis. */
    public void addValidatorKey(String memberId, KeyPair key) {
        extraValidatorKeys.put(memberId, key);
    }

    /** Builds the next block from {@code candidates} (skipping failures) without committing it. */
    public BlockBuilder.Built build(List<Transaction> candidates) {
        long height = ledger.height() + 1;
        Commit lastCommit = height == 1 ? null : ledger.commit(height - 1).orElseThrow();
        return ledger.build(TestGenesis.bank(0), candidates, lastCommit, List.of());
    }

    /** Builds, commits and returns the next block. */
    public BlockBuilder.Built commitNext(List<Transaction> candidates) {
        BlockBuilder.Built built = build(candidates);
        ledger.commit(built.block(), commitFor(built.block()));
        return built;
    }

    /**
     * The time the next block will have: {@link #commitFor} stamps every precommit
     * {@link #BLOCK_INTERVAL_MILLIS} after its block, and the first block is a millisecond after
     * the genesis time (BFT time).
     */
    public long nextBlockTimeMillis() {
        return ledger.height() == 0 ? ledger.headTimeMillis() + 1 : ledger.headTimeMillis() + BLOCK_INTERVAL_MILLIS;
    }

    /** A transaction with {@code operations}, valid for the next 50 blocks' time, signed by {@code signers}. */
    public Transaction sign(List<Operation> operations, KeyPair... signers) {
        TxBody body = new TxBody(ledger.chainId(), operations, ledger.headTimeMillis() + 50 * BLOCK_INTERVAL_MILLIS,
                ++nonce, "");
        return TxCodec.sign(body, List.of(signers));
    }

    public Transaction transfer(String asset, String from, String to, long amount) {
        return sign(List.of(new Operation.Transfer(asset, from, to, amount)), fixture.accountKey(from));
    }
}
