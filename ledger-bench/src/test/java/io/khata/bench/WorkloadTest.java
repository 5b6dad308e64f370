package io.khata.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Result;
import io.khata.core.block.Block;
import io.khata.core.ledger.Ledger;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.validate.ValidatedBlock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    static final int TXS = 300;
    static Workload workload;

    @BeforeAll
    static void generate() {
        workload = Workload.create(TXS, 200);
    }

    @Test
    void theBlockHoldsRealisticTransfers() {
        Block block = workload.decodeBlock();
        assertEquals(TXS, block.transactions().size());
        assertEquals(Workload.HEIGHT, block.height());
        assertTrue(block.lastCommit() != null, "the measured block carries the previous block's commit");
        Set<String> assets = new HashSet<>();
        Set<String> senders = new HashSet<>();
        for (int i = 0; i < TXS; i++) {
            Transaction tx = block.transactions().get(i);
            boolean dvp = (i + 1) % Workload.DVP_EVERY == 0;
            assertEquals(dvp ? 2 : 1, tx.signatures().size(), "signatures of tx " + i);
            assertEquals(dvp ? 2 : 1, tx.body().operations().size(), "operations of tx " + i);
            for (Operation operation : tx.body().operations()) {
                Operation.Transfer transfer = (Operation.Transfer) operation;
                assets.add(transfer.asset());
                senders.add(transfer.from());
            }
        }
        assertEquals(Set.of(Workload.PKR, Workload.BOND), assets);
        assertTrue(senders.size() > 100, "many distinct senders, got " + senders.size());
        assertEquals(TXS + TXS / Workload.DVP_EVERY, Workload.signatureChecks(block).size());
    }

    @Test
    void theSameSeedGivesTheSameBytes() {
        assertArrayEquals(workload.blockBytes(), Workload.create(TXS, 200).blockBytes());
    }

    @Test
    void theDecodedBlockValidatesOnAFreshLedgerAtEveryThreadCount() {
        for (int threads : new int[] {1, 0}) {
            try (Ledger ledger = workload.newLedger(threads)) {
                assertEquals(0, ledger.signatureCache().size(), "a fresh ledger's signature cache is cold");
                Result<ValidatedBlock> result = ledger.validate(workload.decodeBlock());
                assertTrue(result.isOk(), () -> "threads=" + threads + ": " + result.rejection());
                assertEquals(TXS, result.value().block().transactions().size());
            }
        }
    }

    @Test
    void theCommitCertificateIsAcceptedByTheLedger() {
        try (Ledger ledger = workload.newLedger(1)) {
            ledger.commit(workload.decodeBlock(), workload.commit());
            assertEquals(Workload.HEIGHT, ledger.height());
        }
    }

    @Test
    void threadsZeroMeansEveryProcessor() {
        assertEquals(Runtime.getRuntime().availableProcessors(), Workload.verifierThreads(0));
        assertEquals(1, Workload.verifierThreads(1));
    }
}
