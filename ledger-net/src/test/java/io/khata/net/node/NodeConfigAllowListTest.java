package io.khata.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.net.cli.Testnet;
import io.khata.net.p2p.AddressRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigAllowListTest {
    @TempDir
    Path dir;

    private Path nodeJson(String allowed) throws Exception {
        Testnet.create(dir, 1, 0, 40_000, false, io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        Path file = Testnet.nodeHome(dir, 0).resolve("node.json");
        String json = Files.readString(file, StandardCharsets.UTF_8).trim();
        json = json.substring(0, json.lastIndexOf('}')) + ", \"allowed_peer_addresses\": " + allowed + "}";
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void readsTheAllowList() throws Exception {
        NodeConfig config = NodeConfigLoader.load(nodeJson("[\"10.20.0.0/16\", \"192.0.2.7\", \"::1\"]"));
        assertEquals(List.of(AddressRange.parse("10.20.0.0/16"), AddressRange.parse("192.0.2.7/32"),
                AddressRange.parse("::1")), config.allowedPeerAddresses());
    }

    @Test
    void anAbsentListAllowsAnyAddress() throws Exception {
        Testnet.create(dir, 1, 0, 40_000, false, io.khata.core.genesis.Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        assertTrue(NodeConfigLoader.load(Testnet.nodeHome(dir, 0).resolve("node.json")).allowedPeerAddresses().isEmpty());
    }

    /** A repeated name would let the second list silently replace the first one an operator reviewed. */
    @Test
    void aRepeatedNameIsRefusedNotOverwritten() throws Exception {
        Path file = nodeJson("[\"10.20.0.0/16\"]");
        String json = Files.readString(file, StandardCharsets.UTF_8).trim();
        Files.writeString(file, json.substring(0, json.length() - 1) + ", \"allowed_peer_addresses\": [\"0.0.0.0/0\"]}",
                StandardCharsets.UTF_8);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NodeConfigLoader.load(file));
        assertTrue(refused.getMessage().contains("\"allowed_peer_addresses\" appears twice"), refused.getMessage());
    }

    @Test
    void aHostNameIsRefusedWithTheFileAndField() throws Exception {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NodeConfigLoader.load(nodeJson("[\"bank0.example\"]")));
        assertTrue(refused.getMessage().contains("allowed_peer_addresses"), refused.getMessage());
    }
}
