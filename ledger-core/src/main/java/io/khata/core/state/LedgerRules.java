package io.khata.core.state;

import io.khata.core.Limits;
import io.khata.core.crypto.PublicKey;
import java.util.Map;

/**
 * The fixed facts a state transition needs besides the state: the chain, who the authority
 * is, and how far past a block's time a transaction may set its {@code valid_until_time}.
 */
public record LedgerRules(
        String chainId,
        String authorityAccount,
        String authorityDomain,
        long maxTxTtlMillis,
        Limits limits) {


    /** Decimals an asset may have: 18 covers every currency and security in use. */
    public static final int DECIMALS_MAX = 18;
}
