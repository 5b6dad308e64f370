package io.khata.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.client.KeyFileSigner;
import io.khata.client.KhataClient;
import io.khata.client.KhataException;
import io.khata.client.TxOutcome;
import io.khata.core.tx.Transaction;
import io.khata.net.api.ApiCertificates;
import io.khata.net.api.ApiSecurity;
import io.khata.net.api.HttpApiServer;
import io.khata.net.cli.PortBlock;
import io.khata.net.cli.Testnet;
import io.khata.net.node.ApiAccess;
import io.khata.net.node.Node;
import io.khata.net.node.NodeConfig;
import io.khata.net.node.NodeConfigLoader;
import io.khata.proto.api.BlockEvent;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library against a node whose API speaks TLS and asks for a bearer token: with the
 * token and a TLS context that trusts the API's CA it submits, waits, reads and follows events;
 * without the token, or with a wrong one, it gets the API's 401 as a typed error that does not
 * repeat the token; without trust in the CA it does not connect at all.
 */
class SecuredNodeClientTest {
    private static final String TOKEN = "client-it-token-0f3a77c2";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private static PortBlock ports;
    private static Node node;
    private static HttpApiServer api;
    private static SSLContext trustingTheApiCa;
    private static URI url;

    @BeforeAll
    static void start() throws Exception {
        ports = PortBlock.reserveForTest(2);
        Testnet.create(dir, 1, ports.base(), false);
        ApiCertificates ca = ApiCertificates.create("client-it API CA", Duration.ofDays(1));
        ca.writeServer(List.of("127.0.0.1"), dir.resolve("api.crt"), dir.resolve("api.key"));
        NodeConfig config = NodeConfigLoader.load(Testnet.nodeHome(dir, 0).resolve("node.json"));
        ports.release(Testnet.p2pPort(ports.base(), 0));
        node = Node.start(config);
        ports.release(Testnet.apiPort(ports.base(), 0));
        api = HttpApiServer.start(node, config.apiListen(), ApiSecurity.from(new ApiAccess(dir.resolve("api.crt"),
                dir.resolve("api.key"), null, List.of(sha256Hex(TOKEN)), false)));
        url = URI.create("https://127.0.0.1:" + api.address().getPort());
        trustingTheApiCa = trusting(ca);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (node != null) {
            node.close();
        }
        ports.close();
    }

    @Test
    void withTheTokenOverTlsItSubmitsWaitsReadsAndFollowsEvents() throws Exception {
        KhataClient client = KhataClient.builder(url).sslContext(trustingTheApiCa).bearerToken(TOKEN).build();
        Transaction tx = client.newTransaction().transfer(Testnet.PKR, Testnet.treasury(0), Testnet.AUTHORITY, 100)
                .memo("over TLS").sign(KeyFileSigner.load(Testnet.keyFile(dir, Testnet.treasury(0))));
        TxOutcome.Committed committed = assertInstanceOf(TxOutcome.Committed.class, client.submitAndWait(tx, WAIT));
        assertEquals("committed", client.transaction(tx.hash()).orElseThrow().getStatus());
        assertTrue(client.balance(Testnet.treasury(0), Testnet.PKR) > 0);

        BlockingQueue<BlockEvent> events = new LinkedBlockingQueue<>();
        client.events(committed.height()).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(1);
            }

            @Override
            public void onNext(BlockEvent item) {
                events.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
            }
        });
        BlockEvent event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(committed.height(), event == null ? -1 : event.getHeight(), "the event stream passes authentication");
    }

    @Test
    void withoutTheTokenOrWithAWrongOneItGetsA401ThatDoesNotRepeatTheToken() throws Exception {
        KhataClient.Builder[] clients = {KhataClient.builder(url).sslContext(trustingTheApiCa),
                KhataClient.builder(url).sslContext(trustingTheApiCa).bearerToken("wrong-" + TOKEN)};
        for (KhataClient.Builder builder : clients) {
            KhataException.ErrorAnswer refused = assertThrows(KhataException.ErrorAnswer.class, () -> builder.build().status());
            assertEquals(401, refused.httpStatus());
            assertEquals("unauthorized", refused.code());
            assertFalse(refused.getMessage().contains(TOKEN), refused.getMessage());
        }
    }

    @Test
    void withoutTrustInTheApisCaItDoesNotConnect() {
        KhataClient client = KhataClient.builder(url).bearerToken(TOKEN).build();
        assertThrows(KhataException.Unreachable.class, client::status);
    }

    private static SSLContext trusting(ApiCertificates ca) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("api-ca", ca.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String sha256Hex(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
