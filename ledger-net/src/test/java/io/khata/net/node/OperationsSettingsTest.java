package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.crypto.KeyPair;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.tx.Operation;
import io.khata.core.tx.Transaction;
import io.khata.core.tx.TxBody;
import io.khata.core.tx.TxCodec;
import io.khata.net.cli.Testnet;
import io.khata.net.p2p.AddressRange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator and an embedding application set: {@code KHATA_*} variables over node.json
 * (the environment is a map here; the process's own is never touched), the application's
 * Micrometer registry receiving the node's meters, and readiness of a running node.
 */
class OperationsSettingsTest {
    @TempDir
    Path dir;

    private Path nodeJson() throws Exception {
        Testnet.create(dir, 2, 0, 40_000, false, io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        return Testnet.nodeHome(dir, 0).resolve("node.json");
    }

    @Test
    void environmentVariablesOverrideTheFile() throws Exception {
        Path file = nodeJson();
        NodeConfig fromFile = NodeConfigLoader.load(file, Map.of());
        NodeConfig overridden = NodeConfigLoader.load(file, Map.of(
                "KHATA_API_ADDRESS", "0.0.0.0:18080",
                "KHATA_P2P_ADDRESS", "127.0.0.1:18081",
                "KHATA_ALLOWED_PEER_ADDRESSES", "10.0.0.0/8, 192.0.2.7",
                "PATH", "/usr/bin"));
        assertEquals(new InetSocketAddress("0.0.0.0", 18080), overridden.apiListen());
        assertEquals(new InetSocketAddress("127.0.0.1", 18081), overridden.p2pListen());
        assertEquals(List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("192.0.2.7")),
                overridden.allowedPeerAddresses());
        assertEquals(fromFile.nodeId(), overridden.nodeId());
        assertFalse(fromFile.apiListen().equals(overridden.apiListen()));

        NodeConfig noApi = NodeConfigLoader.load(file, Map.of("KHATA_API_ADDRESS", ""));
        assertNull(noApi.apiListen());
        NodeConfig relativeKey = NodeConfigLoader.load(file, Map.of("KHATA_VALIDATOR_KEY_FILE", "absent.key"));
        assertNull(relativeKey.validatorKey(), "a relative path resolves against the home, where no such key is");
    }

    @Test
    void aMisspeltOrBadOverrideIsRefusedByName() throws Exception {
        Path file = nodeJson();
        IllegalArgumentException misspelt = assertThrows(IllegalArgumentException.class,
                () -> NodeConfigLoader.load(file, Map.of("KHATA_API_ADRESS", "127.0.0.1:1")));
        assertTrue(misspelt.getMessage().contains("KHATA_API_ADRESS"), misspelt.getMessage());
        assertTrue(misspelt.getMessage().contains("KHATA_API_ADDRESS"), misspelt.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> NodeConfigLoader.load(file, Map.of("KHATA_API_ADDRESS", "no-port")));
        assertThrows(IllegalArgumentException.class,
                () -> NodeConfigLoader.load(file, Map.of("KHATA_ALLOWED_PEER_ADDRESSES", "bank.example")));
    }

    @Test
    void theApplicationsRegistryReceivesTheNodesMetricsAndASoleValidatorIsReady() throws Exception {
        TestGenesis fixture = TestGenesis.of(1);
        SimpleMeterRegistry application = new SimpleMeterRegistry();
        String id = TestGenesis.bank(0);
        NodeConfig config = NodeConfig.builder(id, dir.resolve(id), fixture.genesis())
                .validatorKey(fixture.validatorKey(id)).meterRegistry(application).build();
        try (Node node = Node.start(config, new MemoryNetwork().endpoint(id))) {
            // Block 2 is the first whose time is the validators' clock (the genesis is from 2023).
            for (long deadline = System.nanoTime() + 20_000_000_000L; node.ledger().height() < 2; Thread.sleep(10)) {
                assertTrue(System.nanoTime() < deadline, "no second block");
            }
            String sender = TestGenesis.treasury(0);
            KeyPair key = fixture.accountKey(sender);
            Transaction tx = TxCodec.sign(new TxBody(fixture.genesis().chainId(),
                    List.of(new Operation.Transfer(TestGenesis.PKR, sender, TestGenesis.AUTHORITY, 5)),
                    System.currentTimeMillis() + 600_000, 1, ""),
                    List.of(key));
            node.submit(tx).get(20, TimeUnit.SECONDS);
            assertTrue(application.get("khata_tx_committed").tag("node", id).counter().count() >= 1);
            assertTrue(application.get("khata_height").gauge().value() >= 1);
            assertTrue(node.scrapeMetrics().contains("khata_tx_committed"), "the node's own scrape still works");
            Readiness readiness = node.readiness();
            assertTrue(readiness.ready(), readiness.reason());
            assertEquals(readiness.totalPower(), readiness.connectedPower());
        }
    }
}
