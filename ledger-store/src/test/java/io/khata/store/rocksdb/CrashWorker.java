package io.khata.store.rocksdb;

import io.khata.core.Result;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.core.validate.BlockBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashSafetyTest}: opens the RocksDB ledger in
 * {@code <directory>/}{@value #DATABASE_DIRECTORY} over {@code <directory>/}{@value #GENESIS_FILE}
 * and commits blocks until it is killed. It prints {@code opened <height> <head hash>} once the
 * ledger is open, and {@code committed <height> <block hash>} after each {@link Ledger#commit}
 * has returned, flushed before the next block starts: a line the parent has read is a promise
 * that the block is on disk.
 *
 * <p>Every block's transactions are a function of its height ({@link #transfersAt}) and blocks
 * are built and signed deterministically, so a worker restarted at any height produces exactly
 * the blocks a run without kills would have produced.
 */
public final class CrashWorker {
    static final String GENESIS_FILE = "genesis.json";
    static final String DATABASE_DIRECTORY = "ledger";
    static final int TRANSFERS_PER_BLOCK = 20;
    /** Replay windows of 1 to this many blocks, so entries are added and pruned at every commit. */
    static final int VALID_BLOCKS_MAX = 10;
    static final long AMOUNT_MAX = 1_000;
    /** Exit status when the parent has gone away (our stdin closed): nobody is left to kill us. */
    static final int EXIT_ORPHANED = 3;

    private CrashWorker() {
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: CrashWorker <directory>");
            System.exit(2);
        }
        Path directory = Path.of(args[0]);
        exitWhenParentGoes();
        Result<Genesis> loaded = GenesisLoader.load(directory.resolve(GENESIS_FILE));
        if (!loaded.isOk()) {
            throw new IllegalStateException("cannot load the genesis: " + loaded.rejection().message());
        }
        Genesis genesis = loaded.value();
        TestGenesis fixture = TestGenesis.of(genesis.members().size());
        if (!fixture.genesis().equals(genesis)) {
            throw new IllegalStateException("the genesis file is not the test genesis of "
                    + genesis.members().size() + " banks, whose keys this worker signs with");
        }
        PrintStream out = System.out;
        // One verifier thread: the machine's cores are shared with the parent test JVM.
        LedgerOptions options = LedgerOptions.defaults().withVerifierThreads(1);
        try (Ledger ledger = RocksLedger.open(directory.resolve(DATABASE_DIRECTORY), genesis, options)) {
            TestChain chain = new TestChain(fixture, ledger);
            out.println("opened " + ledger.height() + " " + ledger.headHash().toHex());
            out.flush();
            while (true) {
                long height = ledger.height() + 1;
                BlockBuilder.Built built = chain.build(transfersAt(fixture, height));
                if (!built.skipped().isEmpty()) {
                    throw new IllegalStateException("block " + height + " left out transactions: " + built.skipped());
                }
                ledger.commit(built.block(), chain.commitFor(built.block()));
                out.println("committed " + height + " " + built.block().hash().toHex());
                out.flush();
            }
        }
    }

    /**
     * The transfers of the block at {@code height}: {@value #TRANSFERS_PER_BLOCK} small PKR
     * payments between the treasuries, each with a nonce unique to its height and position, so
     * no two blocks ever carry the same transaction.
     */
    static List<Transaction> transfersAt(TestGenesis fixture, long height) {
        int banks = fixture.genesis().members().size();
        if (banks < 2) {
            throw new IllegalArgumentException("transfers need two banks, the genesis has " + banks);
        }
        List<Transaction> transfers = new ArrayList<>(TRANSFERS_PER_BLOCK);
        for (int k = 0; k < TRANSFERS_PER_BLOCK; k++) {
            int from = (int) ((height + k) % banks);
            int to = (from + 1 + k % (banks - 1)) % banks;
            long amount = 1 + (height * 31 + k * 7) % AMOUNT_MAX;
            // The block's own time (TestChain's: a millisecond after genesis, then one interval a block) plus whole blocks.
            long blockTime = fixture.genesis().genesisTimeMillis() + 1 + (height - 1) * TestChain.BLOCK_INTERVAL_MILLIS;
            long validUntil = blockTime + (1 + k % VALID_BLOCKS_MAX) * TestChain.BLOCK_INTERVAL_MILLIS;
            long nonce = height * TRANSFERS_PER_BLOCK + k;
            String fromAccount = TestGenesis.treasury(from);
            TxBody body = new TxBody(fixture.genesis().chainId(),
                    List.of(new Operation.Transfer(TestGenesis.PKR, fromAccount, TestGenesis.treasury(to), amount)),
                    validUntil, nonce, "");
            transfers.add(TxCodec.sign(body, List.of(fixture.accountKey(fromAccount))));
        }
        return transfers;
    }

    /**
     * The parent holds our stdin open and never writes to it; end of input means it died (say,
     * a test run timed out), and a worker committing forever would then be nobody's to stop.
     */
    private static void exitWhenParentGoes() {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // Nothing is ever sent; keep reading until the pipe closes.
                }
            } catch (IOException e) {
                // Treated as closed.
            }
            Runtime.getRuntime().halt(EXIT_ORPHANED);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
