package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness of running nodes: a node cut off from the others is not ready; reconnected, it is again. */
class NodeReadinessTest {
    private final TestGenesis fixture = TestGenesis.of(4);
    private final MemoryNetwork network = new MemoryNetwork();
    private final List<Node> nodes = new ArrayList<>();

    @TempDir
    Path home;

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anIsolatedValidatorIsNotReadyWhileTheOthersAre() throws Exception {
        for (int i = 0; i < 4; i++) {
            String id = TestGenesis.bank(i);
            nodes.add(Node.start(NodeConfig.builder(id, home.resolve(id), fixture.genesis())
                    .validatorKey(fixture.validatorKey(id)).build(), network.endpoint(id)));
        }
        await(() -> nodes.stream().allMatch(node -> node.readiness().ready()), "every node is ready");

        network.isolate(TestGenesis.bank(3));
        Readiness alone = nodes.get(3).readiness();
        assertFalse(alone.ready());
        assertTrue(alone.reason().contains("10 of 40"), alone.reason());
        for (int i = 0; i < 3; i++) {
            Readiness readiness = nodes.get(i).readiness();
            assertTrue(readiness.ready(), readiness.reason());
        }

        network.reconnect(TestGenesis.bank(3));
        await(() -> nodes.get(3).readiness().ready(), "the reconnected node is ready again");
    }
}
