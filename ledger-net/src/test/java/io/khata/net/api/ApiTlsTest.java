package io.khata.net.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.net.node.ApiAccess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over TLS on loopback, a real Netty server and the JDK's HttpClient, set up from the
 * PEM files node.json names: the client checks the server's certificate and host name; a bearer
 * token or a client certificate from the configured client CA authenticates; a client
 * certificate from another CA, a client that does not trust the server, and plain HTTP on the TLS
 * port get nothing.
 */
class ApiTlsTest {
    @TempDir
    Path dir;

    private Ledger ledger;
    private HttpApiServer server;
    private ApiTestCertificates serverCa;
    private Path[] backend;
    private Path[] intruder;

    @BeforeEach
    void start() throws Exception {
        serverCa = new ApiTestCertificates("api server CA");
        Path[] api = serverCa.issue("node-api", dir);
        ApiTestCertificates clientCa = new ApiTestCertificates("bank clients CA");
        backend = clientCa.issueClient("backend", dir);
        intruder = new ApiTestCertificates("another CA").issueClient("intruder", dir);
        ApiAccess access = new ApiAccess(api[0], api[1], clientCa.writeCa(dir.resolve("clients-ca.crt")),
                List.of(BearerTokens.sha256Hex(ApiAuthenticationTest.TOKEN)), false);
        ledger = Ledger.inMemory(TestGenesis.of(4).genesis());
        server = HttpApiServer.start(new LedgerOnlyNode(ledger), new InetSocketAddress("127.0.0.1", 0),
                ApiSecurity.from(access));
        assertEquals("https", server.scheme());
    }

    @AfterEach
    void stop() {
        server.close();
        ledger.close();
    }

    private HttpResponse<String> get(SSLContext tls, String scheme, String path, String authorization) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:"
                + server.address().getPort() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theTokenAuthenticatesOverTlsAndTheSessionCookieIsSecure() throws Exception {
        SSLContext trusting = ApiTestCertificates.clientContext(serverCa.certificate(), null, null);
        HttpResponse<String> status = get(trusting, "https", "/status", "Bearer " + ApiAuthenticationTest.TOKEN);
        assertEquals(200, status.statusCode(), status.body());
        assertTrue(status.sslSession().orElseThrow().getProtocol().startsWith("TLSv1."), "a TLS session");
        assertEquals(401, get(trusting, "https", "/status", null).statusCode());
        assertEquals(200, get(trusting, "https", "/health/live", null).statusCode());

        HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:"
                        + server.address().getPort() + "/session")).header("Authorization", "Bearer " + ApiAuthenticationTest.TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, login.statusCode());
        assertTrue(login.headers().firstValue("Set-Cookie").orElseThrow().endsWith("; HttpOnly; SameSite=Strict; Secure"),
                login.headers().map().toString());
    }

    @Test
    void aClientCertificateOfTheClientCaAuthenticatesAndOneOfAnotherCaDoesNot() throws Exception {
        SSLContext withBackend = ApiTestCertificates.clientContext(serverCa.certificate(), backend[0], backend[1]);
        HttpResponse<String> status = get(withBackend, "https", "/status", null);
        assertEquals(200, status.statusCode(), status.body());

        SSLContext withIntruder = ApiTestCertificates.clientContext(serverCa.certificate(), intruder[0], intruder[1]);
        assertThrows(IOException.class, () -> get(withIntruder, "https", "/status", null),
                "the handshake refuses a certificate the client CA did not issue");
    }

    @Test
    void aClientThatDoesNotTrustTheServerAndPlainHttpGetNothing() throws Exception {
        SSLContext trustingOther = ApiTestCertificates.clientContext(new ApiTestCertificates("other").certificate(), null, null);
        assertThrows(IOException.class, () -> get(trustingOther, "https", "/health/live", null));
        SSLContext trusting = ApiTestCertificates.clientContext(serverCa.certificate(), null, null);
        assertThrows(IOException.class, () -> get(trusting, "http", "/health/live", null));
    }
}
