package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyFiles;
import io.khata.core.crypto.KeyPair;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.proto.api.AccountResponse;
import io.khata.proto.api.BlockResponse;
import io.khata.proto.api.StatusResponse;
import io.khata.proto.api.SubmitResponse;
import io.khata.proto.api.TxStatusResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four {@code khata node} processes over TLS: transfers submitted over HTTP to different
 * nodes while one node is killed with SIGKILL and restarted. Afterwards every node has the
 * same chain, every transaction the API reported committed is in it, and balances agree.
 * Then a proof round trip through {@code khata proof get} and {@code khata proof verify}.
 */
class MultiProcessClusterTest {
    private static final int NODES = 4;
    private static final int TRANSFERS = 120;

    @TempDir
    Path dir;

    @Test
    void fourProcessesSurviveAKilledNodeAndAgree() throws Exception {
        try (PortBlock ports = PortBlock.reserveForTest(2 * NODES)) {
            run(ports);
        }
    }

    /** Each node's ports are held until just before its process starts, and again while it is killed. */
    private void run(PortBlock ports) throws Exception {
        int basePort = ports.base();
        Testnet.create(dir, NODES, basePort, false);
        List<ApiClient> apis = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            apis.add(new ApiClient("http://127.0.0.1:" + Testnet.apiPort(basePort, i)));
        }
        try (NodeProcesses processes = new NodeProcesses(dir, NODES)) {
            for (int i = 0; i < NODES; i++) {
                startNode(processes, ports, i);
            }
            for (ApiClient api : apis) {
                awaitStatus(api, status -> status.getPeersCount() == NODES - 1, 240);
            }
            String chainId = status(apis.get(0)).getChainId();
            List<KeyPair> keys = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                keys.add(KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(i))));
            }

            ExecutorService clients = Executors.newFixedThreadPool(8);
            List<Future<String>> committed = new ArrayList<>();
            for (int n = 0; n < TRANSFERS; n++) {
                if (n == TRANSFERS / 3) {
                    processes.kill(2);
                    ports.hold(Testnet.p2pPort(basePort, 2));
                    ports.hold(Testnet.apiPort(basePort, 2));
                }
                if (n == 2 * TRANSFERS / 3) {
                    startNode(processes, ports, 2);
                }
                int from = n % NODES;
                int target = n % NODES == 2 ? 1 : n % NODES;
                Transaction tx = TxCodec.sign(new TxBody(chainId, List.of(new Operation.Transfer(Testnet.PKR,
                        Testnet.treasury(from), Testnet.treasury((from + 1) % NODES), 1_000 + n)),
                        System.currentTimeMillis() + 600_000, n, ""),
                        List.of(keys.get(from)));
                ApiClient api = apis.get(target);
                committed.add(clients.submit(() -> submitAndWait(api, tx)));
                Thread.sleep(25);
            }
            List<String> committedHashes = new ArrayList<>();
            for (Future<String> result : committed) {
                String hash = result.get();
                if (hash != null) {
                    committedHashes.add(hash);
                }
            }
            clients.shutdown();
            assertTrue(committedHashes.size() >= TRANSFERS * 9 / 10,
                    "only " + committedHashes.size() + " of " + TRANSFERS + " committed");

            long height = status(apis.get(0)).getHeight();
            for (ApiClient api : apis) {
                awaitStatus(api, status -> status.getHeight() >= height, 90);
            }
            String head = block(apis.get(0), height).getHash();
            for (ApiClient api : apis) {
                assertEquals(head, block(api, height).getHash(), "block " + height + " differs");
                for (String hash : committedHashes) {
                    TxStatusResponse tx = ApiClient.parse(api.get("/txs/" + hash).body(), TxStatusResponse.newBuilder()).build();
                    assertEquals("committed", tx.getStatus(), "tx " + hash + " on " + api);
                }
            }
            for (int i = 0; i < NODES; i++) {
                Map<String, Long> expected = account(apis.get(0), Testnet.treasury(i)).getBalancesMap();
                for (ApiClient api : apis) {
                    assertEquals(expected, account(api, Testnet.treasury(i)).getBalancesMap());
                }
            }
            proofRoundTrip(apis.get(3).toString(), "http://127.0.0.1:" + Testnet.apiPort(basePort, 3), committedHashes.get(0));
            cliTransferAndQueries("http://127.0.0.1:" + Testnet.apiPort(basePort, 1));
        }
    }

    private static void startNode(NodeProcesses processes, PortBlock ports, int i) throws java.io.IOException {
        ports.release(Testnet.p2pPort(ports.base(), i));
        ports.release(Testnet.apiPort(ports.base(), i));
        processes.start(i);
    }

    private void proofRoundTrip(String ignored, String url, String txHash) throws Exception {
        Path proof = dir.resolve("proof.json");
        assertEquals(0, KhataCommand.execute("proof", "get", "--node", url, txHash, "--out", proof.toString()));
        Path genesis = dir.resolve("genesis.json");
        assertEquals(0, quietly("proof", "verify", "--genesis", genesis.toString(), proof.toString()));

        String json = Files.readString(proof);
        int at = json.indexOf("\"header\": \"") + "\"header\": \"".length() + 10;
        char changed = json.charAt(at) == 'A' ? 'B' : 'A';
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, json.substring(0, at) + changed + json.substring(at + 1));
        assertEquals(1, quietly("proof", "verify", "--genesis", genesis.toString(), tampered.toString()));
    }

    /** {@code khata tx transfer --wait}, {@code account}, {@code status} and {@code block} against a running node. */
    private void cliTransferAndQueries(String url) throws Exception {
        String key = Testnet.keyFile(dir, Testnet.treasury(1)).toString();
        StringBuilder out = new StringBuilder();
        assertEquals(0, captured(out, "tx", "transfer", "--node", url, "--key", key, "--from", Testnet.treasury(1),
                "--to", Testnet.treasury(0), "--asset", Testnet.PKR, "--amount", "777", "--memo", "cli", "--wait"));
        assertTrue(out.toString().contains("status committed"), out.toString());
        StringBuilder rejected = new StringBuilder();
        assertEquals(1, captured(rejected, "tx", "transfer", "--node", url, "--key", key, "--from", Testnet.treasury(0),
                "--to", Testnet.treasury(2), "--asset", Testnet.PKR, "--amount", "1"));
        StringBuilder account = new StringBuilder();
        assertEquals(0, captured(account, "account", "--node", url, "--json", Testnet.treasury(0)));
        assertTrue(account.toString().contains("\"PKR\""), account.toString());
        assertEquals(0, captured(new StringBuilder(), "status", "--node", url));
        assertEquals(0, captured(new StringBuilder(), "block", "--node", url, "latest"));
        assertEquals(1, captured(new StringBuilder(), "account", "--node", url, "nobody@bank0"));
    }

    private static int captured(StringBuilder output, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return KhataCommand.execute(args);
        } finally {
            System.setOut(original);
            output.append(captured.toString(StandardCharsets.UTF_8));
        }
    }

    private static int quietly(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return KhataCommand.execute(args);
        } finally {
            System.setOut(original);
        }
    }

    /** Submits with ?wait=true; the tx hash if the node reported it committed, null otherwise (a killed node). */
    private static String submitAndWait(ApiClient api, Transaction tx) {
        try {
            ApiClient.Reply reply = api.postProtobuf("/txs?wait=true", tx.encode());
            SubmitResponse response = ApiClient.parse(reply.body(), SubmitResponse.newBuilder()).build();
            return "committed".equals(response.getStatus()) ? response.getTxHash() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static StatusResponse status(ApiClient api) throws Exception {
        return ApiClient.parse(api.get("/status").body(), StatusResponse.newBuilder()).build();
    }

    private static BlockResponse block(ApiClient api, long height) throws Exception {
        return ApiClient.parse(api.get("/blocks/" + height).body(), BlockResponse.newBuilder()).build();
    }

    private static AccountResponse account(ApiClient api, String id) throws Exception {
        return ApiClient.parse(api.get("/accounts/" + id).body(), AccountResponse.newBuilder()).build();
    }

    private static void awaitStatus(ApiClient api, java.util.function.Predicate<StatusResponse> condition, int seconds)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        StatusResponse last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                last = status(api);
                if (condition.test(last)) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("node " + api + " never reached the expected status; last: " + last);
    }
}
