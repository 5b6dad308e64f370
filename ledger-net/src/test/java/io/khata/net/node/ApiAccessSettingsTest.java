package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.net.cli.Testnet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API's TLS and authentication settings in node.json and KHATA_* variables. */
class ApiAccessSettingsTest {
    private static final String HASH = "ab".repeat(32);

    @TempDir
    Path dir;

    private Path nodeJson(String extra) throws Exception {
        Testnet.create(dir, 2, 0, 40_100, true, io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        Path file = Testnet.nodeHome(dir, 0).resolve("node.json");
        String json = Files.readString(file).strip();
        Files.writeString(file, json.substring(0, json.length() - 1) + (extra.isEmpty() ? "" : ", " + extra) + "}");
        return file;
    }

    @Test
    void theDefaultIsOpenHttpAndTheFileSetsTlsTokensAndTheClientCa() throws Exception {
        assertEquals(ApiAccess.OPEN, NodeConfigLoader.load(nodeJson(""), Map.of()).apiAccess());
        Path file = nodeJson("\"api_tls_cert_file\": \"api.crt\", \"api_tls_key_file\": \"api.key\","
                + " \"api_client_ca_file\": \"/etc/khata/clients.crt\", \"api_token_sha256\": [\"" + HASH + "\"]");
        ApiAccess access = NodeConfigLoader.load(file, Map.of()).apiAccess();
        Path home = file.getParent().toAbsolutePath();
        assertEquals(home.resolve("api.crt"), access.tlsCertificateFile());
        assertEquals(home.resolve("api.key"), access.tlsKeyFile());
        assertEquals(Path.of("/etc/khata/clients.crt"), access.clientCaFile());
        assertEquals(List.of(HASH), access.tokenSha256());
        assertTrue(access.tls() && access.authenticates());
        assertFalse(access.allowUnauthenticated());
    }

    @Test
    void variablesOverrideTheFileAndTheClientsTokenVariableIsIgnored() throws Exception {
        Path file = nodeJson("\"api_token_sha256\": [\"" + HASH + "\"]");
        String other = "cd".repeat(32);
        ApiAccess access = NodeConfigLoader.load(file, Map.of("KHATA_API_TOKEN_SHA256", other + ", " + HASH,
                "KHATA_API_ALLOW_UNAUTHENTICATED", "true", "KHATA_API_TLS_CERT_FILE", "a.crt",
                "KHATA_API_TLS_KEY_FILE", "a.key", "KHATA_API_TOKEN", "the command line's token")).apiAccess();
        assertEquals(List.of(other, HASH), access.tokenSha256());
        assertTrue(access.allowUnauthenticated());
        assertEquals(file.getParent().toAbsolutePath().resolve("a.crt"), access.tlsCertificateFile());
        assertNull(access.clientCaFile());
        assertTrue(NodeConfigLoader.load(file, Map.of("KHATA_API_TOKEN_SHA256", "")).apiAccess().tokenSha256().isEmpty());
    }

    @Test
    void aTokenInPlaceOfItsHashAHalfTlsPairOrAClientCaWithoutTlsIsRefused() throws Exception {
        for (String bad : List.of("\"api_token_sha256\": [\"my-secret-token\"]", "\"api_token_sha256\": [\"" + HASH.toUpperCase() + "\"]",
                "\"api_tls_cert_file\": \"api.crt\"", "\"api_client_ca_file\": \"ca.crt\"")) {
            Path file = nodeJson(bad);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> NodeConfigLoader.load(file, Map.of()), bad);
            assertTrue(refused.getMessage().contains("node.json: api_"), refused.getMessage());
            assertFalse(refused.getMessage().contains("my-secret-token"), "the error repeats no token");
        }
        assertThrows(IllegalArgumentException.class,
                () -> NodeConfigLoader.load(nodeJson(""), Map.of("KHATA_API_ALLOW_UNAUTHENTICATED", "yes")));
    }
}
