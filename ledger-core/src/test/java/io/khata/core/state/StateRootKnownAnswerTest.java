package io.khata.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.khata.core.crypto.Hash;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.TestGenesis;
import io.khata.core.ledger.Ledger;
import io.khata.core.ledger.TestChain;
import io.khata.core.tx.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The state root pinned to the documented rule, {@code state_root(h) = SHA-256(state_root(h-1) ‖
 * SHA-256(sorted state changes of block h))}, by answers computed without any Khata code: the
 * hex below is printed by {@code src/test/resources/known-answer/state-root/state_root.py}, which
 * encodes the same entries from the layout alone (procedure in the README beside it). Another
 * implementation that reproduces these answers computes the same roots as every node.
 */
class StateRootKnownAnswerTest {
    private static final String MIXED_DIGEST = "6d79c76200941ff7fb33a9a9f06eebf3935fa1af88005b9067ea0c69e086fefd";
    private static final String MIXED_ROOT = "225b83c245d6c9b631da91f6c30f8b8ef3becef2d113fe0837c9d85881f29d8f";
    private static final String GENESIS_ROOT = "b356e77f2c8983e0f74af9b1d310084967dd7e5dbacbfb1c7332bb6449e1ce64";
    private static final String BLOCK_1_ROOT = "ee10c0c026878f9642564ba261e4a0926d2bd91ddf823f60e45211bc9ca75732";

    private static PublicKey repeated(String hexByte) {
        return PublicKey.fromHex(hexByte.repeat(PublicKey.BYTES));
    }

    /**
     * Every kind of entry, written in an order that is not the key order (members first, whose
     * kind byte sorts last; a longer balance key before its prefix), so the digest holds only
     * if the entries are sorted by unsigned key bytes before hashing.
     */
    @Test
    void theDigestOfEveryKindOfEntryIsTheSortedLengthPrefixedPairs() {
        Map<String, MemberState> members = new LinkedHashMap<>();
        members.put("bank1", new MemberState("bank1", repeated("11"), 0, ""));
        members.put("bank0", new MemberState("bank0", repeated("10"), 25, "10.0.0.1:26650"));
        Map<String, AccountState> accounts = new LinkedHashMap<>();
        accounts.put("zeta@bank0", new AccountState("zeta@bank0", List.of(repeated("aa"), repeated("bb")), 2, true,
                Map.of("PKR", 5_000L, "BOND-2030", 7L)));
        accounts.put("\u00e9mile@bank1", new AccountState("\u00e9mile@bank1", List.of(repeated("cc")), 1, false, Map.of()));
        Map<String, AssetState> assets = Map.of("PKR", new AssetState("PKR", "issuer@authority", 2, 123_456_789));
        Map<BalanceKey, Long> balances = new LinkedHashMap<>();
        balances.put(new BalanceKey("xy", "PKR"), -2L);
        balances.put(new BalanceKey("x", "PKR"), 1L);
        balances.put(new BalanceKey("x", "BOND-2030"), Long.MAX_VALUE);
        Hash previous = Sha256.hash("known answer: previous state root".getBytes(StandardCharsets.UTF_8));

        StateChanges changes = StateChanges.of(accounts, assets, balances, members);

        assertEquals(8, changes.entries().size());
        assertEquals(MIXED_DIGEST, changes.digest().toHex());
        assertEquals(MIXED_ROOT, changes.nextRoot(previous).toHex());
    }

    /**
     * A fixed small chain: the two-bank test genesis (its root chains from 32 zero bytes) and a
     * first block of one transfer of 250 PKR, whose header must carry the root computed
     * independently from the two balances it writes.
     */
    @Test
    void theGenesisAndFirstBlockOfAFixedChainHaveTheComputedRoots() {
        TestGenesis fixture = TestGenesis.of(2);
        assertEquals("8f50aa0fe95b5a67b7bddd8f48bfb3298b0b329403e9b9acffc151b99c5f5ed7",
                fixture.accountKey(TestGenesis.AUTHORITY).publicKey().toHex(), "the script's inputs are this genesis");
        assertEquals("ebba700a624109087b287403cfb9342ade36cb2587f75a7c6da1e0942982eddd",
                fixture.validatorKey("bank0").publicKey().toHex());
        assertEquals("9790c58ed899b43abb114742fac1910b878699fba6a0e43205bd522daa7f779e",
                fixture.validatorKey("bank1").publicKey().toHex());
        assertEquals("247b9263277738f3b4c002e034ff1755a53349568af3a505841bcca5ab4274f3",
                fixture.accountKey(TestGenesis.treasury(0)).publicKey().toHex());
        assertEquals("0161e2e2e90237fd164e3ca8d999ee6bae617e9d003c18bd9c52461860b7ec09",
                fixture.accountKey(TestGenesis.treasury(1)).publicKey().toHex());

        assertEquals(GENESIS_ROOT, GenesisState.root(fixture.genesis()).toHex());
        try (Ledger ledger = Ledger.inMemory(fixture.genesis())) {
            TestChain chain = new TestChain(fixture, ledger);
            Transaction transfer = chain.transfer(TestGenesis.PKR, TestGenesis.treasury(0), TestGenesis.treasury(1), 250);
            chain.commitNext(List.of(transfer));

            assertEquals(1, ledger.block(1).orElseThrow().transactions().size());
            assertEquals(BLOCK_1_ROOT, ledger.block(1).orElseThrow().header().stateRoot().toHex());
        }
    }
}
