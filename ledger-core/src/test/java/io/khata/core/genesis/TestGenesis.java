package io.khata.core.genesis;

import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A valid genesis for tests, built in code with deterministic keys so every run (and every
 * node in a simulated network) agrees on it. For {@code n} banks:
 * <ul>
 *   <li>members {@code bank0 .. bank<n-1>}, power {@value #MEMBER_POWER} each, validator key
 *       seeded by {@code "validator/bank<i>"};</li>
 *   <li>the authority {@code issuer@authority}, one key, quorum 1;</li>
 *   <li>assets {@code PKR} (2 decimals) and {@code BOND-2030} (0 decimals), issued by the authority;</li>
 *   <li>accounts {@code treasury@bank<i>}, one key, quorum 1, holding {@value #TREASURY_PKR} PKR (minor units).</li>
 * </ul>
 * A key pair's seed is SHA-256 of its name ({@link #keyPair(String)}); account keys are named by
 * the account id.
 */
public final class TestGenesis {
    public static final String CHAIN_ID = "khata-test";
    public static final long GENESIS_TIME_MILLIS = 1_700_000_000_000L;
    public static final String AUTHORITY = "issuer@authority";
    public static final String PKR = "PKR";
    public static final String BOND = "BOND-2030";
    public static final long TREASURY_PKR = 1_000_000_000_000L;
    public static final long MEMBER_POWER = 10;
    /** The first member's p2p port on loopback; member i listens on this plus i. */
    public static final int P2P_PORT_FIRST = 26_650;

    private final Genesis genesis;
    private final Map<String, KeyPair> validatorKeys;
    private final Map<String, KeyPair> accountKeys;

    private TestGenesis(Genesis genesis, Map<String, KeyPair> validatorKeys, Map<String, KeyPair> accountKeys) {
        this.genesis = genesis;
        this.validatorKeys = Collections.unmodifiableMap(validatorKeys);
        this.accountKeys = Collections.unmodifiableMap(accountKeys);
    }

    /** The genesis of {@code banks} banks (at least 1). */
    public static TestGenesis of(int banks) {
        if (banks < 1) {
            throw new IllegalArgumentException("a genesis needs at least one bank, got " + banks);
        }
        Map<String, KeyPair> validatorKeys = new LinkedHashMap<>();
        Map<String, KeyPair> accountKeys = new LinkedHashMap<>();
        List<Member> members = new ArrayList<>();
        List<AccountSpec> accounts = new ArrayList<>();
        KeyPair authorityKey = keyPair(AUTHORITY);
        accountKeys.put(AUTHORITY, authorityKey);
        accounts.add(new AccountSpec(AUTHORITY, List.of(authorityKey.publicKey()), 1, Map.of()));
        for (int i = 0; i < banks; i++) {
            String bank = bank(i);
            KeyPair validatorKey = keyPair("validator/" + bank);
            validatorKeys.put(bank, validatorKey);
            members.add(new Member(bank, validatorKey.publicKey(), MEMBER_POWER, "127.0.0.1:" + (P2P_PORT_FIRST + i)));
            String treasury = treasury(i);
            KeyPair treasuryKey = keyPair(treasury);
            accountKeys.put(treasury, treasuryKey);
            accounts.add(new AccountSpec(treasury, List.of(treasuryKey.publicKey()), 1, Map.of(PKR, TREASURY_PKR)));
        }
        List<AssetSpec> assets = List.of(new AssetSpec(PKR, AUTHORITY, 2), new AssetSpec(BOND, AUTHORITY, 0));
        Genesis genesis = new Genesis(CHAIN_ID, GENESIS_TIME_MILLIS, members, AUTHORITY, "", assets, accounts,
                Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        return new TestGenesis(genesis, validatorKeys, accountKeys);
    }

    /** The key pair whose seed is SHA-256 of {@code name}. */
    public static KeyPair keyPair(String name) {
        return KeyPair.fromSeed(Sha256.hash(name.getBytes(StandardCharsets.UTF_8)).toByteArray());
    }

    /** {@code bank<i>}: member i's id and the domain of its accounts. */
    public static String bank(int i) {
        return "bank" + i;
    }

    /** {@code treasury@bank<i>}: bank i's funded settlement account. */
    public static String treasury(int i) {
        return "treasury@" + bank(i);
    }

    public Genesis genesis() {
        return genesis;
    }

    /** Member {@code memberId}'s validator key pair. */
    public KeyPair validatorKey(String memberId) {
        return require(validatorKeys, memberId, "member");
    }

    /** The single key pair of account {@code accountId} (the authority or a treasury). */
    public KeyPair accountKey(String accountId) {
        return require(accountKeys, accountId, "account");
    }

    /** Validator key pairs by member id, in member order. */
    public Map<String, KeyPair> validatorKeys() {
        return validatorKeys;
    }

    /** Account key pairs by account id, in account order. */
    public Map<String, KeyPair> accountKeys() {
        return accountKeys;
    }

    private static KeyPair require(Map<String, KeyPair> keys, String id, String what) {
        KeyPair keyPair = keys.get(id);
        if (keyPair == null) {
            throw new IllegalArgumentException(
                    "no " + what + " " + id + " in the test genesis; there are " + keys.keySet());
        }
        return keyPair;
    }
}
