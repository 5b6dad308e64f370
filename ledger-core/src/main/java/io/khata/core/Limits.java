package io.khata.core;

/**
 * Every size a peer or client can make this node hold, in one place. Each bound is checked
 * before the bytes are decoded or the thing is stored; what is over a bound is refused with a
 * {@link Rejection}, never truncated.
 *
 * @param txBytesMax          bytes of one encoded transaction (default 64 KiB)
 * @param operationsPerTxMax  operations in one transaction (default 64: a batch of legs settles atomically)
 * @param signaturesPerTxMax  signatures on one transaction (default 32)
 * @param memoBytesMax        UTF-8 bytes of a transaction memo (default 256)
 * @param blockBytesMax       bytes of one encoded block (default 32 MiB)
 * @param txsPerBlockMax      transactions in one block (default 20,000)
 * @param evidencePerBlockMax evidence items in one block (default 100)
 * @param identifierBytesMax  UTF-8 bytes of an account, asset, member or chain id (default 64)
 * @param genesisBytesMax     bytes of a genesis file (default 16 MiB)
 */
public record Limits(
        int txBytesMax,
        int operationsPerTxMax,
        int signaturesPerTxMax,
        int memoBytesMax,
        int blockBytesMax,
        int txsPerBlockMax,
        int evidencePerBlockMax,
        int identifierBytesMax,
        int genesisBytesMax) {

    public static final Limits DEFAULT = new Limits(
            64 * 1024,
            64,
            32,
            256,
            32 * 1024 * 1024,
            20_000,
            100,
            64,
            16 * 1024 * 1024);

    public Limits {
        requirePositive("txBytesMax", txBytesMax);
        requirePositive("operationsPerTxMax", operationsPerTxMax);
        requirePositive("signaturesPerTxMax", signaturesPerTxMax);
        requirePositive("memoBytesMax", memoBytesMax);
        requirePositive("blockBytesMax", blockBytesMax);
        requirePositive("txsPerBlockMax", txsPerBlockMax);
        requirePositive("evidencePerBlockMax", evidencePerBlockMax);
        requirePositive("identifierBytesMax", identifierBytesMax);
        requirePositive("genesisBytesMax", genesisBytesMax);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
