package io.khata.net.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.khata.core.block.Block;
import io.khata.core.crypto.KeyFiles;
import io.khata.core.genesis.Genesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.api.HttpApiServer;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfig;
import io.khata.net.node.NodeConfigLoader;
import io.khata.net.node.TxResult;
import io.khata.net.p2p.Transport;
import io.khata.net.p2p.TransportConfig;
import io.khata.net.p2p.TransportListener;
import io.khata.net.tls.ConsortiumCa;
import io.khata.net.tls.NodeCredentials;
import io.khata.net.tls.PeerIdentity;
import io.khata.proto.Envelope;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observer node beside a four-bank network over real TLS in this JVM, as {@code khata testnet
 * --observers 1} prepares it: it follows and verifies the chain to the same blocks and state
 * roots as the validators, serves {@code /status} (role observer), history and {@code /events},
 * forwards what its clients submit so that it commits, and keeps doing so with a validator dead.
 * A rogue observer that relays validators' genuine votes and proposals back to them has every
 * one dropped and counted, and the chain goes on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObserverNodeTest {
    private static final int NODES = 4;

    @TempDir
    static Path dir;

    private static PortBlock ports;
    private static LocalCluster cluster;
    private static Node observer;
    private static HttpApiServer observerApi;
    private static String observerBase;
    private static final AtomicLong NONCE = new AtomicLong(100);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startNetwork() throws Exception {
        ports = PortBlock.reserveForTest(2 * (NODES + 1));
        Testnet.create(dir, NODES, 0, 1, ports.base(), false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        cluster = LocalCluster.start(dir, NODES, ports);
        cluster.awaitMesh();
        NodeConfig config = NodeConfigLoader.load(Testnet.observerHome(dir, 0).resolve("node.json"));
        int index = Testnet.observerIndex(NODES, 0, 0);
        ports.release(Testnet.p2pPort(ports.base(), index));
        observer = Node.start(config);
        ports.release(Testnet.apiPort(ports.base(), index));
        observerApi = HttpApiServer.start(observer, config.apiListen());
        observerBase = "http://127.0.0.1:" + config.apiListen().getPort();
    }

    @AfterAll
    static void stopNetwork() {
        if (observerApi != null) {
            observerApi.close();
        }
        if (observer != null) {
            observer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        ports.close();
    }

    private static Transaction transfer(long amount, String memo) throws Exception {
        return TxCodec.sign(new TxBody(observer.ledger().chainId(), List.of(new Operation.Transfer(Testnet.PKR,
                        Testnet.treasury(1), Testnet.treasury(2), amount)), System.currentTimeMillis() + 600_000,
                        NONCE.incrementAndGet(), memo),
                List.of(KeyFiles.readPrivateKey(Testnet.keyFile(dir, Testnet.treasury(1)))));
    }

    @Test
    @Order(1)
    void anObserverFollowsVerifiesAndServesWhatTheValidatorsCommit() throws Exception {
        Node bank0 = cluster.nodes().get(0);
        String observerKey = PeerIdentity.observer(Testnet.observerOwner(0, NODES), Testnet.observerName(0)).key();
        await("the observer connected to every validator", () -> observer.connectedPeers().size() == NODES);
        await("bank0 sees its observer", () -> bank0.connectedObservers().contains(observerKey));

        Transaction tx = transfer(4_200, "through the observer");
        TxResult.Committed committed = assertInstanceOf(TxResult.Committed.class,
                observer.submit(tx).get(30, TimeUnit.SECONDS));
        long height = committed.height() + 2;
        for (Node node : cluster.nodes()) {
            await(node.nodeId() + " at height " + height, () -> node.ledger().height() >= height);
        }
        await("the observer at height " + height, () -> observer.ledger().height() >= height);
        for (long h = 1; h <= height; h++) {
            Block own = observer.ledger().block(h).orElseThrow();
            for (Node node : cluster.nodes()) {
                Block theirs = node.ledger().block(h).orElseThrow();
                assertEquals(theirs.hash(), own.hash(), "block " + h + " of " + node.nodeId());
                assertEquals(theirs.header().stateRoot(), own.header().stateRoot(), "state root at " + h);
            }
        }
        assertEquals(bank0.ledger().balance(Testnet.treasury(2), Testnet.PKR),
                observer.ledger().balance(Testnet.treasury(2), Testnet.PKR));

        // It never signs: no validator key, no sign-state, nothing it sent was a vote.
        Path home = Testnet.observerHome(dir, 0);
        assertFalse(Files.exists(home.resolve("signstate.bin")), "an observer keeps no sign-state");
        assertFalse(Files.exists(home.resolve("validator.key")));
        assertEquals(null, observer.config().validatorKey());
        for (Node node : cluster.nodes()) {
            assertEquals(0, node.observerMessagesDropped(), node.nodeId() + " got a consensus message from the observer");
        }

        JsonObject status = getJson("/status");
        assertEquals("observer", status.get("role").getAsString());
        assertEquals(Testnet.observerName(0), status.get("node_id").getAsString());
        assertEquals("validator", JsonParser.parseString(get("http://127.0.0.1:"
                + Testnet.apiPort(ports.base(), 0) + "/status").body()).getAsJsonObject().get("role").getAsString());

        JsonObject history = getJson("/accounts/" + Testnet.treasury(2) + "/txs?limit=5");
        JsonObject newest = history.getAsJsonArray("txs").get(0).getAsJsonObject();
        assertEquals(tx.hash().toHex(), newest.get("tx_hash").getAsString());
        assertEquals(committed.height(), newest.get("height").getAsLong());
        assertEquals(200, get(observerBase + "/txs/" + tx.hash().toHex()).statusCode());

        try (InputStream body = client.send(HttpRequest.newBuilder(URI.create(observerBase + "/events?from_height="
                        + committed.height())).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream()).body()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String data = null;
            String id = null;
            for (String line = reader.readLine(); line != null && data == null; line = reader.readLine()) {
                if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            assertEquals(Long.toString(committed.height()), id);
            boolean found = false;
            for (JsonElement each : JsonParser.parseString(data).getAsJsonObject().getAsJsonArray("txs")) {
                found |= each.getAsJsonObject().get("tx_hash").getAsString().equals(tx.hash().toHex());
            }
            assertTrue(found, "the event of block " + committed.height() + " lists the transaction: " + data);
        }
    }

    /**
     * An observer's connection may carry transactions, statuses and block requests, never a vote
     * or a proposal: even validators' own, genuinely signed, relayed by it. Here a rogue observer
     * of bank2 (a certificate the consortium CA really issued) sends each validator back the votes
     * and proposals it hears from them.
     */
    @Test
    @Order(2)
    void votesAndProposalsRelayedByAnObserverAreDroppedAndCountedAndTheChainGoesOn() throws Exception {
        ConsortiumCa ca = ConsortiumCa.load(dir.resolve("ca/ca.key"), dir.resolve("ca/ca.crt"));
        NodeCredentials rogue = ca.issueObserver(Testnet.bank(2), "rogue", Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofDays(1)));
        TransportConfig.Builder config = TransportConfig.builder(rogue, ca.certificate(), Testnet.CHAIN_ID, 64 << 20)
                .listenAddress(new InetSocketAddress("127.0.0.1", 0))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(400))
                .observerSlots(0, 0);
        for (int i = 0; i < NODES; i++) {
            config.peer(Testnet.bank(i), new InetSocketAddress("127.0.0.1", Testnet.p2pPort(ports.base(), i)));
        }
        List<Envelope> heard = new CopyOnWriteArrayList<>();
        AtomicLong relayed = new AtomicLong();
        long[] droppedBefore = new long[NODES];
        for (int i = 0; i < NODES; i++) {
            droppedBefore[i] = cluster.nodes().get(i).observerMessagesDropped();
        }
        try (Transport transport = new Transport(config.build(), new TransportListener() {
            @Override
            public void onMessage(String fromMember, Envelope envelope) {
                if (envelope.hasVote() || envelope.hasProposal()) {
                    heard.add(envelope);
                }
            }

            @Override
            public void onPeerConnected(String member, long height) {
            }

            @Override
            public void onPeerDisconnected(String member) {
            }
        })) {
            transport.start();
            await("the rogue observer connected", () -> transport.connectedPeers().size() == NODES);
            long start = cluster.nodes().get(0).ledger().height();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (cluster.nodes().get(0).ledger().height() < start + 4 && System.nanoTime() < deadline) {
                for (Envelope envelope : heard) {
                    relayed.addAndGet(transport.broadcast(envelope));
                }
                heard.clear();
                Thread.sleep(20);
            }
            assertTrue(cluster.nodes().get(0).ledger().height() >= start + 4,
                    "the chain goes on while an observer relays votes and proposals");
            await("every relayed message counted", () -> {
                long dropped = 0;
                for (int i = 0; i < NODES; i++) {
                    dropped += cluster.nodes().get(i).observerMessagesDropped() - droppedBefore[i];
                }
                return dropped == relayed.get();
            });
        }
        assertTrue(relayed.get() > 0, "the rogue observer relayed nothing");
        for (int i = 0; i < NODES; i++) {
            assertTrue(cluster.nodes().get(i).observerMessagesDropped() > droppedBefore[i], Testnet.bank(i));
        }
        System.out.println("votes and proposals relayed by an observer and dropped: " + relayed.get());
    }

    @Test
    @Order(3)
    void withAValidatorDeadTransactionsSubmittedToTheObserverStillCommit() throws Exception {
        Node dead = cluster.nodes().get(NODES - 1);
        dead.close();
        await("the observer sees the validator gone", () -> observer.connectedPeers().size() == NODES - 1);
        for (int i = 0; i < 3; i++) {
            Transaction tx = transfer(10 + i, "with bank3 down");
            TxResult.Committed committed = assertInstanceOf(TxResult.Committed.class,
                    observer.submit(tx).get(60, TimeUnit.SECONDS), "transaction " + i);
            assertEquals(committed.height(), observer.ledger().location(tx.hash()).orElseThrow().height());
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject getJson(String path) throws Exception {
        HttpResponse<String> response = get(observerBase + path);
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
