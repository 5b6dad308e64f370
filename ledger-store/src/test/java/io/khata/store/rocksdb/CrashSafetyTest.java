package io.khata.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.khata.core.block.Block;
import io.khata.core.block.Commit;
import io.khata.core.crypto.Hash;
import io.khata.core.genesis.AccountSpec;
import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.GenesisLoader;
import io.khata.core.genesis.GenesisWriter;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.LedgerOptions;
import io.khata.core.store.TxLocation;
import io.khata.core.tx.Transaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md: "A node killed at any instant restarts at its last committed height with nothing
 * committed lost." A {@link CrashWorker} child JVM commits blocks to a RocksDB ledger and is
 * killed with {@code kill -9} (SIGKILL: no shutdown hook, no RocksDB close, no flush) after a
 * random delay, again and again on the same directory. After every kill this test reopens the
 * ledger and checks that
 * <ul>
 *   <li>every block the worker reported committed is there, with the hash it reported, and at
 *       most the one block it was committing when killed is there beyond that;</li>
 *   <li>every stored block is the one the deterministic workload defines for its height;</li>
 *   <li>the stored state equals a replay of the stored blocks from genesis on an in-memory
 *       ledger (state root, every account, asset and balance, the replay window);</li>
 *   <li>the transaction index points at every transaction of the new blocks.</li>
 * </ul>
 * The replay is incremental (the in-memory ledger keeps the blocks replayed after earlier
 * kills, and every stored block is compared with it by hash), which is the same as replaying
 * from genesis each time at a fraction of the cost.
 *
 * <p>The seed fixes the kill delays, not the instant the worker is at when a kill lands
 * (scheduling decides that), so a failure is rerun with the printed seed and, if need be, more
 * kills: {@code mvn -o -pl ledger-core test -Dtest=CrashSafetyTest -Dkhata.crash.seed=<seed>
 * -Dkhata.crash.kills=100}.
 */
class CrashSafetyTest {
    private static final int KILLS = Integer.getInteger("khata.crash.kills", 20);
    private static final int BANKS = 4;
    private static final long KILL_DELAY_MILLIS_MIN = 50;
    private static final long KILL_DELAY_MILLIS_MAX = 400;
    /** A loaded 2-core machine can take long to start a JVM and load RocksDB; far more than that is a hang. */
    private static final long WORKER_OPEN_SECONDS_MAX = 60;
    private static final long WORKER_EXIT_SECONDS_MAX = 30;
    /** What {@link Process#waitFor} answers for a process ended by signal 9: 128 + 9. */
    private static final int EXIT_SIGKILL = 128 + 9;
    private static final Pattern OPENED = Pattern.compile("opened (\\d+) ([0-9a-f]{64})");
    private static final Pattern COMMITTED = Pattern.compile("committed (\\d+) ([0-9a-f]{64})");

    private final TestGenesis fixture = TestGenesis.of(BANKS);
    private final LedgerOptions options = LedgerOptions.defaults().withVerifierThreads(1);
    /** Every (height, block hash) a worker has promised is on disk, over all rounds. */
    private final NavigableMap<Long, Hash> reported = new TreeMap<>();
    /** The hash of each block replayed so far, at index height - 1. */
    private final List<Hash> replayedHashes = new ArrayList<>();

    @Test
    void ledgerKilledAtRandomMomentsLosesNothingCommittedAndEqualsItsReplay(@TempDir Path directory) throws Exception {
        long seed = Long.getLong("khata.crash.seed", new Random().nextLong());
        Random random = new Random(seed);
        long startNanos = System.nanoTime();
        Files.writeString(directory.resolve(CrashWorker.GENESIS_FILE), GenesisWriter.toJson(fixture.genesis()));
        Genesis genesis = GenesisLoader.load(directory.resolve(CrashWorker.GENESIS_FILE)).value();
        int killsBeforeFirstReport = 0;
        int killsAfterUnreportedCommit = 0;
        try (Ledger replica = Ledger.inMemory(genesis, options)) {
            for (int round = 1; round <= KILLS; round++) {
                long delayMillis = KILL_DELAY_MILLIS_MIN
                        + random.nextInt((int) (KILL_DELAY_MILLIS_MAX - KILL_DELAY_MILLIS_MIN + 1));
                String context = "seed " + seed + ", kill " + round + " after " + delayMillis + " ms";
                long openedHeight;
                long reportedHeight;
                try (WorkerProcess worker = WorkerProcess.start(directory, round)) {
                    openedHeight = recordOpened(worker.awaitFirstLine(), worker, context);
                    Thread.sleep(delayMillis);
                    worker.killWithSigkill(context);
                    reportedHeight = recordCommitted(worker.remainingLines(), openedHeight, worker, context);
                }
                long reopenedHeight = verifyReopened(directory, genesis, replica, reportedHeight, context);
                killsBeforeFirstReport += reportedHeight == openedHeight ? 1 : 0;
                killsAfterUnreportedCommit += reopenedHeight > reportedHeight ? 1 : 0;
                System.out.printf("crash test %s: opened at %d, reported %d, reopened at %d%n",
                        context, openedHeight, reportedHeight, reopenedHeight);
            }
        }
        System.out.printf("crash test: seed %d, %d SIGKILLs, height %d reached; kills before a worker's first report:"
                        + " %d, kills after a commit not reported yet: %d; %d ms%n", seed, KILLS,
                replayedHashes.size(), killsBeforeFirstReport, killsAfterUnreportedCommit,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        // On a loaded machine a worker may be killed before its first block; all of them would test nothing.
        assertTrue(killsBeforeFirstReport < KILLS, "no worker reported a block before it was killed");
    }

    /** The worker's first line says where it found the ledger; that head is on disk too. */
    private long recordOpened(String line, WorkerProcess worker, String context) {
        Matcher matcher = line == null ? null : OPENED.matcher(line);
        if (matcher == null || !matcher.matches()) {
            fail(context + ": the worker's first line is " + line + ", not 'opened <height> <hash>'" + worker.errorText());
        }
        long height = Long.parseLong(matcher.group(1));
        long reportedHeight = reported.isEmpty() ? 0 : reported.lastKey();
        assertTrue(height >= reportedHeight, context + ": the worker opened the ledger at height " + height
                + " although height " + reportedHeight + " was reported committed");
        if (height > 0) {
            record(height, Hash.fromHex(matcher.group(2)), context);
        }
        return height;
    }

    /**
     * Records the worker's {@code committed} lines, which must count up from where it opened. A
     * last line cut short by the kill is no report (the worker had not finished saying it).
     */
    private long recordCommitted(List<String> lines, long openedHeight, WorkerProcess worker, String context) {
        long height = openedHeight;
        for (int i = 0; i < lines.size(); i++) {
            Matcher matcher = COMMITTED.matcher(lines.get(i));
            if (!matcher.matches()) {
                if (i == lines.size() - 1 && "committed".startsWith(lines.get(i).split(" ")[0])) {
                    break;
                }
                fail(context + ": unexpected worker output '" + lines.get(i) + "'" + worker.errorText());
            }
            long committed = Long.parseLong(matcher.group(1));
            assertEquals(height + 1, committed, context + ": the worker's reports skip a height");
            record(committed, Hash.fromHex(matcher.group(2)), context);
            height = committed;
        }
        return height;
    }

    private void record(long height, Hash hash, String context) {
        Hash earlier = reported.put(height, hash);
        if (earlier != null) {
            assertEquals(earlier, hash, context + ": height " + height + " was reported with two hashes");
        }
    }

    /** Opens the killed worker's directory and checks it against the reports and the replay; closes it again. */
    private long verifyReopened(Path directory, Genesis genesis, Ledger replica, long reportedHeight, String context) {
        try (Ledger reopened = RocksLedger.open(directory.resolve(CrashWorker.DATABASE_DIRECTORY), genesis, options)) {
            long height = reopened.height();
            assertTrue(height >= reportedHeight, context + ": reopened at height " + height
                    + " but height " + reportedHeight + " was reported committed: a committed block was lost");
            // The worker reports each block before it builds the next, so at most one more block can be on disk.
            assertTrue(height <= reportedHeight + 1, context + ": reopened at height " + height
                    + " but only " + reportedHeight + " was reported and the worker commits one block at a time");
            verifyStoredBlocksMatchReplay(reopened, replica, context);
            for (Map.Entry<Long, Hash> promised : reported.entrySet()) {
                assertEquals(promised.getValue(), replayedHashes.get((int) (promised.getKey() - 1)),
                        context + ": the block stored at height " + promised.getKey() + " is not the one reported");
            }
            verifyStateEqualsReplay(reopened, replica, genesis, context);
            return height;
        }
    }

    /**
     * Compares every stored block with the replica's, then replays on the replica the stored
     * blocks it does not have yet, each checked to be the workload's block for its height.
     */
    private void verifyStoredBlocksMatchReplay(Ledger reopened, Ledger replica, String context) {
        for (long height = 1; height <= replica.height(); height++) {
            Block stored = reopened.block(height).orElseThrow(() -> new AssertionError(context + ": block missing"));
            assertEquals(replayedHashes.get((int) (height - 1)), stored.hash(),
                    context + ": the block stored at height " + height + " changed after an earlier kill");
        }
        for (long height = replica.height() + 1; height <= reopened.height(); height++) {
            long at = height;
            Block block = reopened.block(height).orElseThrow(() -> new AssertionError(context + ": no block " + at));
            Commit commit = reopened.commit(height).orElseThrow(() -> new AssertionError(context + ": no commit " + at));
            List<Transaction> expected = CrashWorker.transfersAt(fixture, height);
            assertEquals(expected, block.transactions(), context + ": block " + height + " is not the workload's");
            replica.commit(block, commit);
            replayedHashes.add(block.hash());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(new TxLocation(height, i), reopened.location(expected.get(i).hash()).orElse(null),
                        context + ": the index has lost transaction " + i + " of block " + height);
            }
        }
        assertEquals(replica.height(), reopened.height(), context);
        assertEquals(replica.headHash(), reopened.headHash(), context + ": head hash");
    }

    private void verifyStateEqualsReplay(Ledger reopened, Ledger replica, Genesis genesis, String context) {
        assertEquals(replica.stateRoot(), reopened.stateRoot(), context + ": state root differs from the replay");
        if (reopened.height() > 0) {
            assertEquals(reopened.block(reopened.height()).orElseThrow().header().stateRoot(), reopened.stateRoot(),
                    context + ": the stored state root is not the one the head block commits to");
        }
        long pkrHeld = 0;
        for (AccountSpec account : genesis.accounts()) {
            assertEquals(replica.account(account.id()), reopened.account(account.id()), context + ": " + account.id());
            for (AssetSpec asset : genesis.assets()) {
                long balance = reopened.balance(account.id(), asset.id());
                assertEquals(replica.balance(account.id(), asset.id()), balance,
                        context + ": balance of " + account.id() + " in " + asset.id());
                pkrHeld += asset.id().equals(TestGenesis.PKR) ? balance : 0;
            }
        }
        assertEquals(replica.assets(), reopened.assets(), context + ": assets");
        assertEquals(reopened.asset(TestGenesis.PKR).supply(), pkrHeld, context + ": PKR held is not PKR's supply");
        if (reopened.height() > 0) {
            for (Transaction tx : reopened.block(reopened.height()).orElseThrow().transactions()) {
                assertEquals(replica.replayWindowEnd(tx.hash()), reopened.replayWindowEnd(tx.hash()),
                        context + ": replay window of " + tx.hash());
            }
        }
    }

    /** A running {@link CrashWorker}: its stdout lines as they come, its stderr in a file. */
    private static final class WorkerProcess implements AutoCloseable {
        /** Put on the queue when the worker's stdout ends. */
        private static final String END = new String("end of output");

        private final Process process;
        private final Path errorFile;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;

        private WorkerProcess(Process process, Path errorFile) {
            this.process = process;
            this.errorFile = errorFile;
            this.reader = new Thread(this::readLines, "crash-worker-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static WorkerProcess start(Path directory, int round) throws IOException {
            Path errorFile = directory.resolve("worker-" + round + ".err");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // A killed JVM leaves its files behind: no perf data file in /tmp, and RocksDB's native
            // library is unpacked to one fixed file in the test directory instead of a new temp file per start.
            Path nativeDirectory = Files.createDirectories(directory.resolve("native"));
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                    "-cp", System.getProperty("java.class.path"), CrashWorker.class.getName(), directory.toString())
                    .redirectError(errorFile.toFile());
            builder.environment().put("ROCKSDB_SHAREDLIB_DIR", nativeDirectory.toString());
            // stdin stays an open pipe: the worker exits when it closes, that is when this JVM dies.
            return new WorkerProcess(builder.start(), errorFile);
        }

        private void readLines() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("stdout failed: " + e);
            } finally {
                lines.add(END);
            }
        }

        String awaitFirstLine() throws InterruptedException {
            String line = lines.poll(WORKER_OPEN_SECONDS_MAX, TimeUnit.SECONDS);
            return line == END ? null : line;
        }

        /** Sends SIGKILL with {@code kill -9}, so no JVM shutdown code runs in the worker. */
        void killWithSigkill(String context) throws IOException, InterruptedException {
            if (!process.isAlive()) {
                fail(context + ": the worker exited by itself with status " + process.exitValue() + errorText());
            }
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            assertEquals(0, kill.waitFor(), context + ": kill -9 failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            assertTrue(process.waitFor(WORKER_EXIT_SECONDS_MAX, TimeUnit.SECONDS), context + ": still alive after kill -9");
            assertEquals(EXIT_SIGKILL, process.exitValue(), context + ": the worker did not die of SIGKILL" + errorText());
        }

        /** Every line after the first, once the worker is dead and its stdout drained. */
        List<String> remainingLines() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(WORKER_EXIT_SECONDS_MAX));
            List<String> remaining = new ArrayList<>();
            lines.drainTo(remaining);
            assertTrue(!remaining.isEmpty() && remaining.get(remaining.size() - 1) == END,
                    "the worker's stdout did not end after it died");
            remaining.remove(remaining.size() - 1);
            return remaining;
        }

        String errorText() {
            try {
                return "\nworker stderr (" + errorFile + "):\n" + Files.readString(errorFile);
            } catch (IOException e) {
                return "\n(no worker stderr: " + e + ")";
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
