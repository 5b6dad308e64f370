package io.khata.core.ledger;

import io.khata.core.Limits;

/**
 * How a {@link Ledger} runs.
 *
 * @param limits                 decoding and block limits
 * @param verifierThreads        threads that verify signatures (default: all processors)
 * @param signatureCacheEntries  transactions remembered as already verified (default 200,000:
 *                               ten full blocks, about 60 MiB at the most)
 */
public record LedgerOptions(Limits limits, int verifierThreads, int signatureCacheEntries) {
    public LedgerOptions {
        if (verifierThreads < 1) {
            throw new IllegalArgumentException("verifierThreads must be at least 1, got " + verifierThreads);
        }
        if (signatureCacheEntries < 0) {
            throw new IllegalArgumentException("signatureCacheEntries must not be negative");
        }
    }

    public static LedgerOptions defaults() {
        return new LedgerOptions(Limits.DEFAULT, Runtime.getRuntime().availableProcessors(), 200_000);
    }

    public LedgerOptions withVerifierThreads(int threads) {
        return new LedgerOptions(limits, threads, signatureCacheEntries);
    }

    public LedgerOptions withLimits(Limits value) {
        return new LedgerOptions(value, verifierThreads, signatureCacheEntries);
    }
}
