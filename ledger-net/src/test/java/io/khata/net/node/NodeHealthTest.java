package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import io.khata.net.api.HttpApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A consensus or storage failure leaves no zombie: the node says it is unhealthy, in its metrics and /status. */
class NodeHealthTest {
    @TempDir
    Path home;

    @Test
    void aSignStateWriteErrorMarksTheNodeUnhealthy() throws Exception {
        TestGenesis fixture = TestGenesis.of(4);
        String id = TestGenesis.bank(0);
        Path nodeHome = home.resolve(id);
        Files.createDirectories(nodeHome);
        // The sign-state path leads into a directory that does not exist: loading finds nothing
        // (a fresh validator), and the first save, before the first vote, fails.
        Files.createSymbolicLink(nodeHome.resolve("signstate.bin"), home.resolve("missing-directory").resolve("signstate.bin"));
        NodeConfig config = NodeConfig.builder(id, nodeHome, fixture.genesis()).validatorKey(fixture.validatorKey(id)).build();
        try (Node node = Node.start(config, new MemoryNetwork().endpoint(id));
             HttpApiServer api = HttpApiServer.start(node, new java.net.InetSocketAddress("127.0.0.1", 0))) {
            String reason = node.failed().get(10, TimeUnit.SECONDS);
            assertTrue(reason.contains("signstate.bin"), reason);
            assertEquals(reason, node.failure());
            assertTrue(node.scrapeMetrics().contains("khata_node_healthy{node=\"" + id + "\"} 0.0"), node.scrapeMetrics());
            HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.address().getPort() + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(status.body().contains("\"healthy\":false") || status.body().contains("\"healthy\": false"), status.body());
            assertTrue(status.body().contains("signstate.bin"), status.body());
        }
    }
}
