package io.khata.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.khata.core.Rejection;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.store.MemoryLedgerStore;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The replay window lives in the store, behind one interface, in RocksDB for nodes and in memory
 * for tests and the simulator: a committed transaction is refused as a replay in every block up
 * to its {@code valid_until_time}, across a restart, and is gone from the store (not merely
 * unreachable) once a block's time reaches it. The pruning is written in the block's own commit.
 */
class ReplayWindowStoresTest {
    private static final long TTL_BLOCKS = 4;
    private static final TestGenesis FIXTURE = TestGenesis.of(4);
    private static final Genesis GENESIS =
            RocksLedgerStoreTest.withMaxTxTtl(FIXTURE.genesis(), TTL_BLOCKS * TestChain.BLOCK_INTERVAL_MILLIS);

    @TempDir
    Path directory;

    enum Kind { ROCKS, MEMORY }

    /** One store, opened again over the same data as a restarted node would. */
    private final class Store {
        private final Kind kind;
        private final MemoryLedgerStore memory = new MemoryLedgerStore(); // close() keeps the data

        Store(Kind kind) {
            this.kind = kind;
        }

        Ledger open() {
            return kind == Kind.ROCKS ? RocksLedger.open(directory, GENESIS)
                    : Ledger.open(memory, GENESIS, LedgerOptions.defaults());
        }

        /** Entries the window holds, read from the store itself once the ledger is closed. */
        int entries() throws Exception {
            if (kind == Kind.MEMORY) {
                return memory.replayWindowSize();
            }
            Map<Character, Integer> counts = RocksLedgerStoreTest.RawKeys.count(directory, 'R', 'E');
            assertEquals(counts.get('R'), counts.get('E'), "one entry by hash and one by expiry");
            return counts.get('R');
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aReplayIsRefusedUntilItsExpiryAcrossARestartAndThenPrunedFromTheStore(Kind kind) throws Exception {
        Store store = new Store(kind);
        // Committed in block 1 with the longest expiry the TTL allows: the time of block 1 + TTL_BLOCKS.
        long validUntil = blockTime(1 + TTL_BLOCKS);
        Transaction payment = transfer(validUntil, 1);
        try (Ledger ledger = store.open()) {
            new TestChain(FIXTURE, ledger).commitNext(List.of(payment));
            assertEquals(validUntil, ledger.replayWindowEnd(payment.hash()));
        }
        assertEquals(1, store.entries(), "the window is in the store");
        try (Ledger ledger = store.open()) {
            TestChain chain = new TestChain(FIXTURE, ledger);
            for (long height = 2; height <= 1 + TTL_BLOCKS; height++) {
                assertEquals(validUntil, ledger.replayWindowEnd(payment.hash()), "after height " + (height - 1));
                // Each block also commits a payment valid until exactly its own time: the window never holds it.
                Transaction lastChance = transfer(blockTime(height), height);
                BlockBuilder.Built built = chain.commitNext(List.of(payment, lastChance));
                assertEquals(List.of(lastChance), built.block().transactions(), "height " + height);
                assertEquals(new Rejection.Replayed(payment.hash()), built.skipped().get(0).reason(), "height " + height);
                assertEquals(-1, ledger.replayWindowEnd(lastChance.hash()), "height " + height);
            }
            // The block at validUntil closed the window: the hash is forgotten, the transaction is merely expired.
            assertEquals(validUntil, ledger.headTimeMillis());
            assertEquals(-1, ledger.replayWindowEnd(payment.hash()));
            BlockBuilder.Built late = chain.build(List.of(payment));
            assertInstanceOf(Rejection.Expired.class, late.skipped().get(0).reason());
        }
        assertEquals(0, store.entries(), "window entries left in the store after every window closed");
        try (Ledger ledger = store.open()) {
            assertEquals(-1, ledger.replayWindowEnd(payment.hash()));
            assertEquals(1 + TTL_BLOCKS, ledger.height());
        }
    }

    /** The time TestChain gives the block at {@code height}: a millisecond after genesis, then one interval a block. */
    static long blockTime(long height) {
        return GENESIS.genesisTimeMillis() + 1 + (height - 1) * TestChain.BLOCK_INTERVAL_MILLIS;
    }

    private static Transaction transfer(long validUntil, long nonce) {
        Operation payment = new Operation.Transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 100);
        return TxCodec.sign(new TxBody(GENESIS.chainId(), List.of(payment), validUntil, nonce, ""),
                List.of(FIXTURE.accountKey(TestGenesis.treasury(0))));
    }
}
