package io.khata.net.sim;

import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.PublicKey;
import io.khata.core.crypto.Sha256;
import io.khata.core.genesis.AccountSpec;
import io.khata.core.genesis.AssetSpec;
import io.khata.core.genesis.Genesis;
import io.khata.core.genesis.Member;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network of member banks, one per voting power given: validator ids {@code bank-0 .. bank-(n-1)},
 * each with two accounts holding PKR and USD, and an authority that issues both. Keys are
 * derived from their names, so every run and every seed uses the same ones.
 *
 * <p>Spare banks ({@code bank-n ..}) have validator keys but are not in the genesis: they hold
 * no accounts and take part in consensus only once the authority adds them.
 */
final class SimFixture {
    static final String CHAIN_ID = "khata-sim";
    static final List<String> ASSETS = List.of("PKR", "USD");
    static final long OPENING_BALANCE = 1_000_000;
    static final int ACCOUNTS_PER_BANK = 2;

    final Genesis genesis;
    final ValidatorSet validators;
    /** Validator keys of the genesis members and of the spares. */
    final Map<String, KeyPair> validatorKeys = new LinkedHashMap<>();
    /** Banks with keys that are not in the genesis, in id order. */
    final List<String> spares = new ArrayList<>();
    final Map<String, KeyPair> accountKeys = new LinkedHashMap<>();
    final KeyPair outsiderKey = key("outsider");

    SimFixture(int n) {
        this(java.util.Collections.nCopies(n, 1L), 0);
    }

    SimFixture(List<Long> powers, int spareCount) {
        int n = powers.size();
        List<Member> members = new ArrayList<>();
        List<Validator> validatorList = new ArrayList<>();
        List<AccountSpec> accounts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "bank-" + i;
            KeyPair key = key("validator/" + id);
            validatorKeys.put(id, key);
            members.add(new Member(id, key.publicKey(), powers.get(i), "127.0.0.1:" + (26600 + i)));
            validatorList.add(new Validator(id, key.publicKey(), powers.get(i)));
            for (int a = 0; a < ACCOUNTS_PER_BANK; a++) {
                String account = "acct" + a + "@" + id;
                KeyPair accountKey = key("account/" + account);
                accountKeys.put(account, accountKey);
                Map<String, Long> balances = new LinkedHashMap<>();
                for (String asset : ASSETS) {
                    balances.put(asset, OPENING_BALANCE);
                }
                accounts.add(new AccountSpec(account, List.<PublicKey>of(accountKey.publicKey()), 1, balances));
            }
        }
        KeyPair issuer = key("account/issuer@authority");
        accountKeys.put("issuer@authority", issuer);
        accounts.add(new AccountSpec("issuer@authority", List.of(issuer.publicKey()), 1, Map.of()));
        List<AssetSpec> assets = new ArrayList<>();
        for (String asset : ASSETS) {
            assets.add(new AssetSpec(asset, "issuer@authority", 2));
        }
        this.genesis = new Genesis(CHAIN_ID, 1_700_000_000_000L, members, "issuer@authority", "-----BEGIN CERTIFICATE-----\n"
                + "sim\n-----END CERTIFICATE-----\n", assets, accounts, Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        this.validators = new ValidatorSet(validatorList);
        for (int i = n; i < n + spareCount; i++) {
            String id = "bank-" + i;
            validatorKeys.put(id, key("validator/" + id));
            spares.add(id);
        }
    }

    /** The bank accounts (not the issuer) that transfers move money between. */
    List<String> bankAccounts() {
        List<String> ids = new ArrayList<>();
        for (String id : accountKeys.keySet()) {
            if (!id.endsWith("@authority")) {
                ids.add(id);
            }
        }
        return ids;
    }

    static KeyPair key(String name) {
        return KeyPair.fromSeed(Sha256.hash(("khata-sim/" + name).getBytes(StandardCharsets.UTF_8)).toByteArray());
    }
}
