package io.khata.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The property: every single-byte change anywhere in a bundle is caught, with the reason that
 * matches what the byte was (a header, a commit signature, a transaction body or signature, a
 * last commit, evidence, a validator set, the framing), and recomputing the trailer's checksum
 * after the change names the same failure. Positions are drawn from a seeded
 * {@link java.util.Random}; a failure prints the seed, and
 * {@code -Dkhata.audit.seed=N} replays it.
 */
class BundleTamperingTest {
    /** Changes per kind of byte; {@code -Dkhata.audit.changes=N} runs a longer search. */
    private static final int CHANGES_PER_KIND = Integer.getInteger("khata.audit.changes", 6);
    private static final AuditChain CHAIN = new AuditChain();

    @AfterAll
    static void close() {
        CHAIN.close();
    }

    @Test
    void everySingleByteChangeIsCaughtForItsRealReason() throws Exception {
        long seed = Long.getLong("khata.audit.seed", System.nanoTime());
        Random random = new Random(seed);
        String replay = " (seed " + seed + "; replay with mvn -pl ledger-core surefire:test -Dtest=BundleTamperingTest"
                + " -Dkhata.audit.seed=" + seed + ")";
        byte[] bundle = CHAIN.bundle();
        BundleRegions regions = new BundleRegions(bundle);
        assertTrue(AuditVerifierTest.verify(bundle).passed(), "the untouched bundle verifies" + replay);
        for (BundleRegions.Kind kind : BundleRegions.Kind.values()) {
            assertTrue(regions.has(kind), "the test chain has bytes of kind " + kind);
            for (int i = 0; i < CHANGES_PER_KIND; i++) {
                int position = regions.position(kind, random);
                byte[] tampered = bundle.clone();
                tampered[position] ^= (byte) (1 + random.nextInt(255));
                String what = kind + " byte " + position + " changed from " + bundle[position] + " to " + tampered[position]
                        + replay;
                AuditReport report = AuditVerifierTest.verify(tampered);
                assertFalse(report.passed(), "not caught: " + what);
                assertTrue(kind.expected.contains(report.failure().check()),
                        "caught for the wrong reason: " + report.failure().message() + " after " + what);
                if (!regions.inTrailer(position)) {
                    AuditReport fixedUp = AuditVerifierTest.verify(Tamper.fixChecksum(tampered, regions.endOffset()));
                    assertEquals(report.failure(), fixedUp.failure(), "a recomputed checksum changed the verdict after " + what);
                }
            }
        }
    }
}
