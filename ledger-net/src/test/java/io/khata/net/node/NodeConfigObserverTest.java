package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.genesis.Genesis;
import io.khata.net.cli.Testnet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observer's node.json, as {@code khata testnet --observers} writes it, and the mistakes that
 * must stop a node before it joins: a validator key beside an observer, a role nobody knows, and
 * a certificate whose role is not the configured one (a validator's certificate on an observer
 * or an observer's on a validator).
 */
class NodeConfigObserverTest {
    @TempDir
    Path dir;

    private Path observerJson;

    @BeforeEach
    void testnet() throws Exception {
        Testnet.create(dir, 2, 0, 2, 40_100, false, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        observerJson = Testnet.observerHome(dir, 1).resolve("node.json");
    }

    @Test
    void anObserverConfigurationHasTheRoleAndNoValidatorKey() throws Exception {
        NodeConfig config = NodeConfigLoader.load(observerJson);
        assertEquals(NodeRole.OBSERVER, config.role());
        assertEquals(Testnet.observerName(1), config.nodeId());
        assertNull(config.validatorKey());
        assertTrue(Files.readString(observerJson).contains("\"role\": \"observer\""));
        assertEquals(NodeRole.VALIDATOR, NodeConfigLoader.load(Testnet.nodeHome(dir, 0).resolve("node.json")).role());
    }

    @Test
    void aValidatorKeyBesideAnObserverIsRefused() throws Exception {
        Files.copy(Testnet.nodeHome(dir, 1).resolve("validator.key"), Testnet.observerHome(dir, 1).resolve("validator.key"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NodeConfigLoader.load(observerJson));
        assertTrue(refused.getMessage().contains("an observer holds no validator key"), refused.getMessage());
    }

    @Test
    void anUnknownRoleIsRefused() throws Exception {
        String json = Files.readString(observerJson, StandardCharsets.UTF_8).replace("\"observer\"", "\"auditor\"");
        Files.writeString(observerJson, json, StandardCharsets.UTF_8);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NodeConfigLoader.load(observerJson));
        assertTrue(refused.getMessage().contains("role must be"), refused.getMessage());
    }

    @Test
    void aCertificateOfTheOtherRoleIsRefusedAtStart() throws Exception {
        NodeConfig observer = NodeConfigLoader.load(observerJson);
        NodeConfig withValidatorCertificate = NodeConfig.builder(observer.nodeId(), observer.home(), observer.genesis())
                .role(NodeRole.OBSERVER)
                .tls(Testnet.nodeHome(dir, 1).resolve("tls.crt"), Testnet.nodeHome(dir, 1).resolve("tls.key"))
                .p2pListen(observer.p2pListen())
                .build();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> TlsPeerNetwork.of(withValidatorCertificate, () -> 0));
        assertTrue(refused.getMessage().contains("member bank1"), refused.getMessage());

        NodeConfig validator = NodeConfigLoader.load(Testnet.nodeHome(dir, 1).resolve("node.json"));
        NodeConfig withObserverCertificate = NodeConfig.builder(validator.nodeId(), validator.home(), validator.genesis())
                .tls(observer.tlsCertificateFile(), observer.tlsKeyFile())
                .build();
        refused = assertThrows(IllegalArgumentException.class, () -> TlsPeerNetwork.of(withObserverCertificate, () -> 0));
        assertTrue(refused.getMessage().contains("observer " + Testnet.observerName(1)), refused.getMessage());
    }
}
