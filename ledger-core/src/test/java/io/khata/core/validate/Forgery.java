package io.khata.core.validate;

import com.google.protobuf.InvalidProtocolBufferException;
import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.block.Vote;
import io.khata.core.block.VoteType;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxCodec;
import io.khata.core.tx.TxSignature;
import java.util.ArrayList;
import java.util.List;

/** What a dishonest proposer or peer can put together from public material: transactions and commits. */
final class Forgery {
    /**
     * The time forged precommits carry: two seconds after the test genesis, near the honest
     * chain's times, so a block they fix the time of does not expire the test's transactions
     * (valid for 50 s of block time) and a test fails only for what it forges.
     */
    static final long TIME_MILLIS = io.khata.core.genesis.TestGenesis.GENESIS_TIME_MILLIS + 2_000;
    private Forgery() {
    }

    /** The exact body bytes a transaction's signers signed. */
    static byte[] bodyBytes(Transaction tx) {
        try {
            return io.khata.proto.Transaction.parseFrom(tx.encode()).getBody().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a transaction's own bytes always parse", e);
        }
    }

    /** {@code body}'s transaction carrying {@code signatures}, which were made over something else. */
    static Transaction withSignatures(Transaction body, List<TxSignature> signatures) {
        return TxCodec.assemble(bodyBytes(body), signatures);
    }

    /** Precommits for {@code blockHash} at {@code height}, round 0, by the named validators only. */
    static Commit commitBy(TestGenesis fixture, long height, Hash blockHash, String... validators) {
        List<Vote> precommits = new ArrayList<>();
        for (String validator : validators) {
            KeyPair key = fixture.validatorKey(validator);
            precommits.add(Vote.sign(VoteType.PRECOMMIT, fixture.genesis().chainId(), height, 0, blockHash, TIME_MILLIS,
                    validator, key));
        }
        return Commit.of(height, 0, blockHash, precommits);
    }

    /** A precommit for {@code block} that claims to be {@code validator}'s but is signed with {@code key}. */
    static Vote impersonate(String chainId, Block block, String validator, KeyPair key) {
        return Vote.sign(VoteType.PRECOMMIT, chainId, block.height(), 0, block.hash(), TIME_MILLIS, validator, key);
    }
}
