package io.khata.core.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.core.Limits;
import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.ledger.Ledger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attack 7: the genesis identity must not depend on how a library prints JSON. It is the hash
 * of this project's canonical encoding, pinned here for a genesis built field by field (keys
 * are RFC 8032's test-vector public keys), so a protobuf upgrade, or any change to the JSON
 * writer, cannot change it unnoticed.
 */
class GenesisIdentityTest {
    private static final PublicKey KEY_1 = PublicKey.fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final PublicKey KEY_2 = PublicKey.fromHex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    private static final PublicKey KEY_3 = PublicKey.fromHex("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025");

    /** SHA-256 of {@link GenesisIdentity#encode} of {@link #fixed()}: change it only with {@link GenesisIdentity#LAYOUT}. */
    private static final String PINNED_HEX = "dc1eb60bd8c39ada8d05842319acc68b2897ed664281f266dbd8e5859ee260ca";

    static Genesis fixed() {
        return fixed(List.of(
                new Member("bank0", KEY_1, 10, "127.0.0.1:26600"),
                new Member("bank1", KEY_2, 7, "127.0.0.1:26601")));
    }

    private static Genesis fixed(List<Member> members) {
        return new Genesis("khata-pinned", 1_700_000_000_000L, members, "issuer@authority",
                "-----BEGIN CERTIFICATE-----\nMIIBpinned\n-----END CERTIFICATE-----\n",
                List.of(new AssetSpec("PKR", "issuer@authority", 2), new AssetSpec("BOND-2030", "issuer@authority", 0)),
                List.of(new AccountSpec("issuer@authority", List.of(KEY_3), 1, Map.of("PKR", 5_000L, "BOND-2030", 12L)),
                        new AccountSpec("treasury@bank0", List.of(KEY_1, KEY_2), 2, Map.of())),
                3_600_000L);
    }

    @Test
    void attack7_theGenesisIdentityIsPinnedToItsCanonicalBytes() {
        Genesis genesis = fixed();
        assertEquals(PINNED_HEX, GenesisIdentity.hash(genesis).toString());
        assertEquals(GenesisIdentity.hash(genesis), Ledger.genesisHash(genesis), "the ledger uses this identity");
        byte[] encoded = GenesisIdentity.encode(genesis);
        byte[] layout = GenesisIdentity.LAYOUT.getBytes(StandardCharsets.UTF_8);
        assertEquals(layout.length, encoded[3], "the encoding starts with its layout name, length-prefixed");
        assertEquals(GenesisIdentity.LAYOUT, new String(encoded, 4, layout.length, StandardCharsets.UTF_8));
        assertEquals(3_600_000L, java.nio.ByteBuffer.wrap(encoded, encoded.length - 8, 8).getLong(),
                "layout 2 ends with max_tx_ttl_ms as a long");
    }

    @Test
    void attack7_theIdentitySurvivesAJsonRoundTripAndIgnoresTheJsonText() {
        Genesis genesis = fixed();
        String json = GenesisWriter.toJson(genesis);
        Genesis reloaded = GenesisLoader.parse(json.getBytes(StandardCharsets.UTF_8), Limits.DEFAULT).value();
        assertEquals(GenesisIdentity.hash(genesis), GenesisIdentity.hash(reloaded));
        String reformatted = json.replace("\n", "\n\n  ").replace(": ", " :  ");
        assertTrue(!reformatted.equals(json));
        Genesis fromReformatted = GenesisLoader.parse(reformatted.getBytes(StandardCharsets.UTF_8), Limits.DEFAULT).value();
        assertEquals(GenesisIdentity.hash(genesis), GenesisIdentity.hash(fromReformatted),
                "whitespace in the file is not part of the identity");
    }

    @Test
    void dataOfAnotherGenesisIsRefusedWithAMessageThatSaysWhatToDo() {
        io.khata.core.store.MemoryLedgerStore store = new io.khata.core.store.MemoryLedgerStore();
        Ledger.open(store, TestGenesis.of(2).genesis(), io.khata.core.ledger.LedgerOptions.defaults()).close();
        Genesis other = TestGenesis.of(3).genesis();
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Ledger.open(store, other, io.khata.core.ledger.LedgerOptions.defaults()));
        assertTrue(refused.getMessage().contains(Ledger.genesisHash(other).toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains(GenesisIdentity.LAYOUT), refused.getMessage());
        assertTrue(refused.getMessage().contains("block sync"), refused.getMessage());
    }

    @Test
    void everyFieldIsPartOfTheIdentity() {
        Hash base = GenesisIdentity.hash(fixed());
        Genesis g = fixed();
        List<Genesis> variants = List.of(
                new Genesis("khata-other", g.genesisTimeMillis(), g.members(), g.authorityAccount(), g.rootCaPem(),
                        g.assets(), g.accounts(), g.maxTxTtlMillis()),
                new Genesis(g.chainId(), g.genesisTimeMillis() + 1, g.members(), g.authorityAccount(), g.rootCaPem(),
                        g.assets(), g.accounts(), g.maxTxTtlMillis()),
                fixed(List.of(new Member("bank0", KEY_1, 11, "127.0.0.1:26600"),
                        new Member("bank1", KEY_2, 7, "127.0.0.1:26601"))),
                fixed(List.of(new Member("bank1", KEY_2, 7, "127.0.0.1:26601"),
                        new Member("bank0", KEY_1, 10, "127.0.0.1:26600"))),
                fixed(List.of(new Member("bank0", KEY_1, 10, "127.0.0.1:26602"),
                        new Member("bank1", KEY_2, 7, "127.0.0.1:26601"))),
                new Genesis(g.chainId(), g.genesisTimeMillis(), g.members(), "central@authority", g.rootCaPem(),
                        g.assets(), g.accounts(), g.maxTxTtlMillis()),
                new Genesis(g.chainId(), g.genesisTimeMillis(), g.members(), g.authorityAccount(), g.rootCaPem() + " ",
                        g.assets(), g.accounts(), g.maxTxTtlMillis()),
                new Genesis(g.chainId(), g.genesisTimeMillis(), g.members(), g.authorityAccount(), g.rootCaPem(),
                        List.of(new AssetSpec("PKR", "issuer@authority", 3)), g.accounts(), g.maxTxTtlMillis()),
                new Genesis(g.chainId(), g.genesisTimeMillis(), g.members(), g.authorityAccount(), g.rootCaPem(),
                        g.assets(), List.of(new AccountSpec("issuer@authority", List.of(KEY_3), 1,
                                Map.of("PKR", 5_001L, "BOND-2030", 12L))), g.maxTxTtlMillis()),
                new Genesis(g.chainId(), g.genesisTimeMillis(), g.members(), g.authorityAccount(), g.rootCaPem(),
                        g.assets(), g.accounts(), g.maxTxTtlMillis() + 1));
        java.util.Set<Hash> seen = new java.util.HashSet<>(List.of(base));
        for (Genesis variant : variants) {
            assertNotEquals(base, GenesisIdentity.hash(variant), variant.toString());
            assertTrue(seen.add(GenesisIdentity.hash(variant)), "two variants share an identity");
        }
    }
}
