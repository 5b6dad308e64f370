package io.khata.core.genesis;

import io.khata.core.Identifiers;
import io.khata.core.Limits;
import io.khata.core.Rejection;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Ed25519;
import io.khata.core.crypto.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rules a genesis file must follow, applied to the decoded wire message in file order so
 * that a rejection names the first offending field by its path in the file, such as
 * {@code members[2].validator_key}. Each step returns null when it passes; later steps rely on
 * the names the earlier ones collected (accounts need the member ids, balances the assets).
 */
final class GenesisChecks {
    /** More decimals than this would make one displayed unit exceed what a long can count. */
    static final int DECIMALS_MAX = 18;
    /** How much of a refused value a rejection repeats; the rest is elided to keep log lines short. */
    static final int SHOWN_CHARS_MAX = 80;

    private final io.khata.proto.Genesis genesis;
    private final Limits limits;
    private final Set<String> memberIds = new HashSet<>();
    private final Set<String> accountIds = new HashSet<>();
    private final Set<String> assetIds = new HashSet<>();

    private GenesisChecks(io.khata.proto.Genesis genesis, Limits limits) {
        this.genesis = genesis;
        this.limits = limits;
    }

    /** The first rule {@code genesis} breaks, or null if it follows them all. */
    static Rejection check(io.khata.proto.Genesis genesis, Limits limits) {
        GenesisChecks checks = new GenesisChecks(genesis, limits);
        List<Supplier<Rejection>> steps = List.of(
                checks::header,
                checks::authorityShape,
                checks::members,
                checks::authorityDomain,
                checks::accounts,
                checks::authorityExists,
                checks::assets,
                checks::balances);
        for (Supplier<Rejection> step : steps) {
            Rejection rejection = step.get();
            if (rejection != null) {
                return rejection;
            }
        }
        return null;
    }

    private Rejection header() {
        String chainId = genesis.getChainId();
        if (chainId.isEmpty()) {
            return invalid("chain_id", chainId, "must not be empty");
        }
        int chainIdBytes = chainId.getBytes(StandardCharsets.UTF_8).length;
        if (chainIdBytes > limits.identifierBytesMax()) {
            return invalid("chain_id", chainId,
                    "is " + chainIdBytes + " bytes, over the limit of " + limits.identifierBytesMax());
        }
        if (genesis.getGenesisTime() < 0) {
            return invalid("genesis_time", Long.toUnsignedString(genesis.getGenesisTime()),
                    "milliseconds since the epoch must fit in a signed 64-bit integer");
        }
        long ttl = genesis.getMaxTxTtlMs();
        if (ttl < 0 || ttl > Genesis.MAX_TX_TTL_MILLIS_LIMIT) {
            return invalid("max_tx_ttl_ms", Long.toUnsignedString(ttl),
                    "must be at most " + Genesis.MAX_TX_TTL_MILLIS_LIMIT + " (24 hours); 0 means the default of "
                            + Genesis.MAX_TX_TTL_MILLIS_DEFAULT);
        }
        return null;
    }

    private Rejection authorityShape() {
        String problem = Identifiers.accountProblem(genesis.getAuthority(), limits);
        return problem == null ? null : invalid("authority", genesis.getAuthority(), problem);
    }

    private Rejection members() {
        if (genesis.getMembersCount() == 0) {
            return invalid("members", "[]", "at least one member is required");
        }
        Set<PublicKey> validatorKeys = new HashSet<>();
        long totalPower = 0;
        for (int i = 0; i < genesis.getMembersCount(); i++) {
            io.khata.proto.Member member = genesis.getMembers(i);
            String path = "members[" + i + "]";
            String idProblem = Identifiers.memberProblem(member.getId(), limits);
            if (idProblem != null) {
                return invalid(path + ".id", member.getId(), idProblem);
            }
            if (!memberIds.add(member.getId())) {
                return invalid(path + ".id", member.getId(), "another member has this id");
            }
            String keyProblem = keyProblem(member.getValidatorKey());
            if (keyProblem != null) {
                return invalid(path + ".validator_key", member.getValidatorKey(), keyProblem);
            }
            if (!validatorKeys.add(PublicKey.fromHex(member.getValidatorKey()))) {
                return invalid(path + ".validator_key", member.getValidatorKey(), "another member has this key");
            }
            if (member.getPower() <= 0) {
                return invalid(path + ".power", Long.toUnsignedString(member.getPower()),
                        "must be between 1 and " + Long.MAX_VALUE);
            }
            if (member.getPower() > ValidatorSet.TOTAL_POWER_MAX - totalPower) {
                return invalid(path + ".power", Long.toString(member.getPower()),
                        "the total voting power would exceed " + ValidatorSet.TOTAL_POWER_MAX
                                + ", the most that quorum arithmetic in longs allows");
            }
            totalPower += member.getPower();
        }
        return null;
    }

    private Rejection authorityDomain() {
        String domain = Identifiers.domainOf(genesis.getAuthority());
        if (memberIds.contains(domain)) {
            return invalid("authority", genesis.getAuthority(),
                    "its domain '" + domain + "' is a member id; the authority needs a domain of its own");
        }
        return null;
    }

    private Rejection accounts() {
        String authorityDomain = Identifiers.domainOf(genesis.getAuthority());
        for (int i = 0; i < genesis.getAccountsCount(); i++) {
            io.khata.proto.AccountSpec account = genesis.getAccounts(i);
            String path = "accounts[" + i + "]";
            String idProblem = Identifiers.accountProblem(account.getId(), limits);
            if (idProblem != null) {
                return invalid(path + ".id", account.getId(), idProblem);
            }
            String domain = Identifiers.domainOf(account.getId());
            if (!memberIds.contains(domain) && !domain.equals(authorityDomain)) {
                return invalid(path + ".id", account.getId(),
                        "domain '" + domain + "' is neither a member id nor the authority's domain");
            }
            if (!accountIds.add(account.getId())) {
                return invalid(path + ".id", account.getId(), "another account has this id");
            }
            Rejection keys = accountKeys(account, path);
            if (keys != null) {
                return keys;
            }
        }
        return null;
    }

    private Rejection accountKeys(io.khata.proto.AccountSpec account, String path) {
        if (account.getKeysCount() == 0) {
            return invalid(path + ".keys", "[]", "an account needs at least one key");
        }
        Set<PublicKey> keys = new HashSet<>();
        for (int k = 0; k < account.getKeysCount(); k++) {
            String key = account.getKeys(k);
            String keyProblem = keyProblem(key);
            if (keyProblem != null) {
                return invalid(path + ".keys[" + k + "]", key, keyProblem);
            }
            if (!keys.add(PublicKey.fromHex(key))) {
                return invalid(path + ".keys[" + k + "]", key, "the account lists this key twice");
            }
        }
        int quorum = account.getQuorum();
        if (quorum < 1 || quorum > account.getKeysCount()) {
            return invalid(path + ".quorum", Integer.toUnsignedString(quorum),
                    "must be between 1 and the number of keys, " + account.getKeysCount());
        }
        if (quorum > limits.signaturesPerTxMax()) {
            return invalid(path + ".quorum", Integer.toString(quorum),
                    "needs more signatures than a transaction may carry (" + limits.signaturesPerTxMax() + ")");
        }
        return null;
    }

    private Rejection authorityExists() {
        if (!accountIds.contains(genesis.getAuthority())) {
            return invalid("authority", genesis.getAuthority(), "no account in accounts has this id");
        }
        return null;
    }

    private Rejection assets() {
        for (int i = 0; i < genesis.getAssetsCount(); i++) {
            io.khata.proto.AssetSpec asset = genesis.getAssets(i);
            String path = "assets[" + i + "]";
            String idProblem = Identifiers.assetProblem(asset.getId(), limits);
            if (idProblem != null) {
                return invalid(path + ".id", asset.getId(), idProblem);
            }
            if (!assetIds.add(asset.getId())) {
                return invalid(path + ".id", asset.getId(), "another asset has this id");
            }
            if (!accountIds.contains(asset.getIssuer())) {
                return invalid(path + ".issuer", asset.getIssuer(), "no account in accounts has this id");
            }
            if (asset.getDecimals() < 0 || asset.getDecimals() > DECIMALS_MAX) {
                return invalid(path + ".decimals", Integer.toUnsignedString(asset.getDecimals()),
                        "must be at most " + DECIMALS_MAX);
            }
        }
        return null;
    }

    private Rejection balances() {
        Map<String, Long> supplyByAsset = new HashMap<>();
        for (int i = 0; i < genesis.getAccountsCount(); i++) {
            io.khata.proto.AccountSpec account = genesis.getAccounts(i);
            Set<String> listed = new HashSet<>();
            for (int j = 0; j < account.getBalancesCount(); j++) {
                io.khata.proto.BalanceSpec balance = account.getBalances(j);
                String path = "accounts[" + i + "].balances[" + j + "]";
                if (!assetIds.contains(balance.getAsset())) {
                    return invalid(path + ".asset", balance.getAsset(), "no asset in assets has this id");
                }
                if (!listed.add(balance.getAsset())) {
                    return invalid(path + ".asset", balance.getAsset(), "the account lists this asset twice");
                }
                long amount = balance.getAmount();
                if (amount <= 0) {
                    return invalid(path + ".amount", Long.toString(amount), "must be positive");
                }
                long supply = supplyByAsset.getOrDefault(balance.getAsset(), 0L);
                if (supply > Long.MAX_VALUE - amount) {
                    return invalid(path + ".amount", Long.toString(amount),
                            "the total supply of " + balance.getAsset() + " overflows a signed 64-bit amount");
                }
                supplyByAsset.put(balance.getAsset(), supply + amount);
            }
        }
        return null;
    }

    /** Null if {@code hex} is a lowercase hex Ed25519 key fit to register, else the reason. */
    private static String keyProblem(String hex) {
        if (hex.length() != 2 * PublicKey.BYTES) {
            return "a key is " + 2 * PublicKey.BYTES + " lowercase hex characters, got " + hex.length();
        }
        for (int c = 0; c < hex.length(); c++) {
            char character = hex.charAt(c);
            if (!(character >= '0' && character <= '9') && !(character >= 'a' && character <= 'f')) {
                return "a key is lowercase hex, found '" + shown(String.valueOf(character), 1) + "' at " + c;
            }
        }
        if (!Ed25519.isStrongKey(PublicKey.fromHex(hex))) {
            return "not a usable Ed25519 public key (not on the curve, or of small order)";
        }
        return null;
    }

    private static Rejection invalid(String field, String value, String reason) {
        return new Rejection.InvalidField(field, shown(value, SHOWN_CHARS_MAX), reason);
    }

    /**
     * The value as it may appear in a log line: control and formatting characters (which could
     * fake a line break or reorder text) escaped, and cut after about {@code charsMax} characters.
     */
    static String shown(String value, int charsMax) {
        StringBuilder out = new StringBuilder();
        int c = 0;
        for (; c < value.length() && out.length() < charsMax; c++) {
            char character = value.charAt(c);
            if (Character.isISOControl(character) || Character.getType(character) == Character.FORMAT
                    || Character.isSurrogate(character)) {
                out.append(String.format("\\u%04x", (int) character));
            } else {
                out.append(character);
            }
        }
        if (c < value.length()) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
