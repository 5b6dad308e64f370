package io.khata.core.genesis;

import io.khata.core.Identifiers;
import io.khata.core.block.Validator;
import io.khata.core.block.ValidatorSet;
import io.khata.core.crypto.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The facts every node agrees on before the first block: the chain, its members (validators),
 * the authority (the regulator's account), the consortium's root CA, and the assets and
 * accounts the ledger starts with. A value read by {@link GenesisLoader} has passed every
 * check listed there; a value built in code can be checked with {@link GenesisLoader#validate}.
 *
 * @param genesisTimeMillis milliseconds since the Unix epoch
 * @param authorityAccount  the regulator's account, {@code name@domain}
 * @param authorityDomain   the domain part of {@code authorityAccount}; no member has this id
 * @param rootCaPem         the consortium's root CA certificate (PEM) that node certificates chain to
 * @param maxTxTtlMillis    how many milliseconds past a block's time a transaction's
 *                          {@code valid_until_time} may be: above 0 and at most
 *                          {@value #MAX_TX_TTL_MILLIS_LIMIT} (24 hours)
 */
public record Genesis(
        String chainId,
        long genesisTimeMillis,
        List<Member> members,
        String authorityAccount,
        String authorityDomain,
        String rootCaPem,
        List<AssetSpec> assets,
        List<AccountSpec> accounts,
        long maxTxTtlMillis) {

    /**
     * The TTL a genesis file gets when it leaves {@code max_tx_ttl_ms} at 0: one hour, long
     * enough for a transaction that two banks or an authority quorum sign on their own machines.
     */
    public static final long MAX_TX_TTL_MILLIS_DEFAULT = 3_600_000L;

    /**
     * The largest TTL a genesis may set: 24 hours. The replay window remembers every committed
     * transaction for up to one TTL, so this bounds the window (see the README's figure).
     */
    public static final long MAX_TX_TTL_MILLIS_LIMIT = 86_400_000L;

    public Genesis {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(authorityAccount, "authorityAccount");
        Objects.requireNonNull(authorityDomain, "authorityDomain");
        Objects.requireNonNull(rootCaPem, "rootCaPem");
        members = List.copyOf(members);
        assets = List.copyOf(assets);
        accounts = List.copyOf(accounts);
        if (!authorityDomain.equals(Identifiers.domainOf(authorityAccount))) {
            throw new IllegalArgumentException(
                    "authorityDomain '" + authorityDomain + "' is not the domain of '" + authorityAccount + "'");
        }
        if (maxTxTtlMillis <= 0 || maxTxTtlMillis > MAX_TX_TTL_MILLIS_LIMIT) {
            throw new IllegalArgumentException("maxTxTtlMillis must be above 0 and at most " + MAX_TX_TTL_MILLIS_LIMIT
                    + ", got " + maxTxTtlMillis);
        }
    }

    /** Derives {@code authorityDomain} from {@code authorityAccount}. */
    public Genesis(
            String chainId,
            long genesisTimeMillis,
            List<Member> members,
            String authorityAccount,
            String rootCaPem,
            List<AssetSpec> assets,
            List<AccountSpec> accounts,
            long maxTxTtlMillis) {
        this(chainId, genesisTimeMillis, members, authorityAccount, Identifiers.domainOf(authorityAccount),
                rootCaPem, assets, accounts, maxTxTtlMillis);
    }

    public Optional<Member> member(String id) {
        for (Member member : members) {
            if (member.id().equals(id)) {
                return Optional.of(member);
            }
        }
        return Optional.empty();
    }

    /**
     * The sum of all members' power; throws {@link ArithmeticException} if it overflows, which a
     * loaded genesis never does.
     */
    public long totalVotingPower() {
        long total = 0;
        for (Member member : members) {
            total = Math.addExact(total, member.power());
        }
        return total;
    }

    /** The members as the validator set in force from height 1. */
    public ValidatorSet validatorSet() {
        List<Validator> validators = new ArrayList<>(members.size());
        for (Member member : members) {
            validators.add(new Validator(member.id(), member.validatorKey(), member.power()));
        }
        return new ValidatorSet(validators);
    }

    /**
     * The first block's {@code validators_hash}: {@link ValidatorSet#hash()} of
     * {@link #validatorSet()}, whose layout that method documents. The p2p address is left out
     * on purpose: moving a node to a new host does not change who validates.
     */
    public Hash validatorsHash() {
        return validatorSet().hash();
    }
}
