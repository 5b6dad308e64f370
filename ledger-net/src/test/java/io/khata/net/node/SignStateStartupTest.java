package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.block.Vote;
import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.net.consensus.SignState;
import io.khata.net.consensus.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts that forget: a validator whose sign-state is missing or older than what its ledger
 * proves it signed refuses to start unless the operator says so; one that never signed starts.
 */
class SignStateStartupTest {
    private static final int NODES = 4;
    private final TestGenesis fixture = TestGenesis.of(NODES);
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<Node> running = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        running.forEach(Node::close);
    }

    private NodeConfig.Builder config(String id, KeyPair key) {
        return NodeConfig.builder(id, home.resolve(id), fixture.genesis()).validatorKey(key);
    }

    private Node start(NodeConfig config) {
        Node node = Node.start(config, network.endpoint(config.nodeId()));
        running.add(node);
        return node;
    }

    /** Runs the four validators to at least height 3 and stops them; returns a validator whose precommit is in the head commit. */
    private Vote chainPastGenesisWithOwnPrecommit() throws InterruptedException {
        for (int i = 0; i < NODES; i++) {
            String id = TestGenesis.bank(i);
            start(config(id, fixture.validatorKey(id)).build());
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (running.stream().anyMatch(node -> node.ledger().height() < 3)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the cluster did not reach height 3");
            }
            Thread.sleep(20);
        }
        running.forEach(Node::close);
        running.clear();
        Vote newest = null;
        for (int i = 0; i < NODES; i++) {
            Vote own = ownPrecommit(TestGenesis.bank(i));
            if (own != null && (newest == null || own.height() > newest.height())) {
                newest = own;
            }
        }
        if (newest == null) {
            throw new AssertionError("no validator's ledger holds its own precommit");
        }
        return newest;
    }

    /** The newest own precommit in the ledger of {@code id}, read with the node stopped. */
    private Vote ownPrecommit(String id) {
        try (io.khata.core.ledger.Ledger ledger = io.khata.store.rocksdb.RocksLedger.open(home.resolve(id).resolve("data"),
                fixture.genesis(), io.khata.core.ledger.LedgerOptions.defaults())) {
            return SignStateGuard.newestOwnPrecommit(ledger, id, SignState.NONE).orElse(null);
        }
    }

    @Test
    void restartsThatForget_aMissingSignStateOnALedgerWithOwnPrecommitsIsRefused() throws Exception {
        Vote own = chainPastGenesisWithOwnPrecommit();
        String id = own.validator();
        Path file = home.resolve(id).resolve("signstate.bin");
        Files.delete(file);
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> start(config(id, fixture.validatorKey(id)).build()));
        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("missing"), refused.getMessage());
        assertTrue(refused.getMessage().contains("height " + own.height()), refused.getMessage());
        assertTrue(refused.getMessage().contains(SignStateGuard.CONFIG_FLAG), refused.getMessage());
        assertTrue(refused.getMessage().contains(SignStateGuard.COMMAND_FLAG), refused.getMessage());
        assertTrue(Files.notExists(file), "a refused start writes no sign-state");
    }

    @Test
    void restartsThatForget_aSignStateBehindTheLedgerIsRefused_andTheFlagStartsIt() throws Exception {
        Vote own = chainPastGenesisWithOwnPrecommit();
        String id = own.validator();
        Path file = home.resolve(id).resolve("signstate.bin");
        Files.delete(file);
        try (SignStateFile older = new SignStateFile(file)) { // as if restored from an old backup
            older.save(new SignState(1, 0, Step.PRECOMMIT, -1, null));
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> start(config(id, fixture.validatorKey(id)).build()));
        assertTrue(refused.getMessage().contains("up to height 1 round 0"), refused.getMessage());
        assertTrue(refused.getMessage().contains("precommit at height " + own.height()), refused.getMessage());

        Node allowed = start(config(id, fixture.validatorKey(id)).unsafeAllowSignStateReset(true).build());
        assertTrue(allowed.ledger().height() >= own.height());
    }

    @Test
    void aValidatorWhoseSignStateIsCurrentStarts() throws Exception {
        Vote own = chainPastGenesisWithOwnPrecommit();
        Node restarted = start(config(own.validator(), fixture.validatorKey(own.validator())).build());
        assertTrue(restarted.ledger().height() >= own.height());
        assertEquals("", restarted.failure());
        assertTrue(restarted.scrapeMetrics().contains("khata_node_healthy{node=\"" + own.validator() + "\"} 1.0"),
                restarted.scrapeMetrics());
    }

    @Test
    void aSpareThatNeverSignedStartsOnACopiedLedgerWithoutASignState() throws Exception {
        Vote own = chainPastGenesisWithOwnPrecommit();
        String spare = "spare-bank";
        copy(home.resolve(own.validator()).resolve("data"), home.resolve(spare).resolve("data"));
        KeyPair key = KeyPair.fromSeed(io.khata.core.crypto.Sha256.hash(new byte[] {7}).toByteArray());
        Node started = start(config(spare, key).build());
        assertTrue(Files.notExists(home.resolve(spare).resolve("signstate.bin")), "it has signed nothing");
        assertTrue(started.ledger().height() >= own.height(), "its ledger is past genesis");
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
