package io.khata.core.validate;

import static io.khata.core.genesis.TestGenesis.PKR;
import static io.khata.core.genesis.TestGenesis.treasury;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.Rejection;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the builder sorts its candidates before any state is touched: a transaction whose
 * structure fails (here: signed for another chain, with signatures that verify over its own
 * body) is left out with that reason, whatever its signatures say; the signatures of the rest
 * are verified once, counted, and not again once cached.
 */
class BlockBuilderCandidatesTest {
    private static final TestGenesis FIXTURE = TestGenesis.of(4);

    private final Ledger ledger = Ledger.inMemory(FIXTURE.genesis(), LedgerOptions.defaults().withVerifierThreads(1));
    private final TestChain chain = new TestChain(FIXTURE, ledger);

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void aTransactionForAnotherChainIsLeftOutThoughItsSignaturesVerify() {
        Transaction foreign = TxCodec.sign(new TxBody("khata-other",
                        List.of(new Operation.Transfer(PKR, treasury(0), treasury(1), 1)),
                        chain.nextBlockTimeMillis() + 60_000, 1, ""),
                List.of(FIXTURE.accountKey(treasury(0))));
        Transaction local = chain.transfer(PKR, treasury(1), treasury(2), 5);

        BlockBuilderCandidates built = new BlockBuilderCandidates(chain.build(List.of(foreign, local)));

        assertEquals(List.of(local), built.included());
        assertEquals(List.of(new BlockBuilder.Skipped(foreign, new Rejection.WrongChain(ledger.chainId(), "khata-other"))),
                built.skipped());
    }

    @Test
    void eachCandidatesSignaturesAreVerifiedAndCountedOnceAcrossBuilds() {
        Transaction single = chain.transfer(PKR, treasury(0), treasury(1), 1);
        Transaction other = chain.transfer(PKR, treasury(2), treasury(3), 2);
        long before = ledger.signatureCache().verifications();

        chain.build(List.of(single, other));
        long signatures = single.signatures().size() + other.signatures().size();
        assertEquals(before + signatures, ledger.signatureCache().verifications());

        chain.build(List.of(single, other));
        assertEquals(before + signatures, ledger.signatureCache().verifications(), "cached: not verified again");
    }

    /** The parts of a built block these tests look at. */
    private record BlockBuilderCandidates(List<Transaction> included, List<BlockBuilder.Skipped> skipped) {
        BlockBuilderCandidates(BlockBuilder.Built built) {
            this(built.block().transactions(), built.skipped());
        }
    }
}
