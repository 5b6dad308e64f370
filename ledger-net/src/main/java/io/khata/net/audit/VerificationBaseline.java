package io.khata.net.audit;

import io.khata.core.crypto.KeyPair;
import io.khata.core.crypto.ParallelVerifier;
import io.khata.core.crypto.Sha256;
import io.khata.core.crypto.SignatureCheck;
import io.khata.core.crypto.VerificationRate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical limit next to an audit's speed, measured in the same run on the same machine:
 * raw Ed25519 verifications per second (the ledger's own verifier, BouncyCastle underneath)
 * on one thread and on the verifier threads the audit used, over 256 signers, each the best of
 * several alternating rounds.
 */
final class VerificationBaseline {
    private static final int SIGNERS = 256;
    /**
     * The two measurements alternate in this many short rounds and each keeps its best round: on
     * a machine other work shares, the best round is the closest to the hardware's limit, and
     * alternating keeps a burst of other load from landing on one measurement only.
     */
    private static final int ROUNDS = 5;

    private VerificationBaseline() {
    }

    record Figures(double oneThreadPerSecond, int threads, double allThreadsPerSecond) {
    }

    static Figures measure(double seconds, int threads) {
        List<SignatureCheck> checks = new ArrayList<>(SIGNERS);
        for (int i = 0; i < SIGNERS; i++) {
            KeyPair key = KeyPair.fromSeed(Sha256.hash(("baseline " + i).getBytes(StandardCharsets.UTF_8)).toByteArray());
            byte[] message = Sha256.hash(("message " + i).getBytes(StandardCharsets.UTF_8)).toByteArray();
            checks.add(new SignatureCheck(key.publicKey(), message, key.sign(message)));
        }
        double one = 0;
        double all = 0;
        try (ParallelVerifier single = new ParallelVerifier(1); ParallelVerifier parallel = new ParallelVerifier(threads)) {
            for (int round = 0; round < ROUNDS; round++) {
                one = Math.max(one, VerificationRate.measure(single, checks, seconds / (2 * ROUNDS)));
                all = Math.max(all, VerificationRate.measure(parallel, checks, seconds / (2 * ROUNDS)));
            }
        }
        return new Figures(one, threads, all);
    }
}
