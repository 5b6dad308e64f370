package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.khata.core.testing.SeededProperty;
import java.math.BigInteger;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Seeded property: over random signatures, valid and damaged in the ways an attacker can
 * damage them, the native fast path and the reference give the same verdict, and both give
 * the written rule's verdict. A failing case prints its seed and the command that replays it.
 */
class VerifierEquivalenceProperties {
    private static final KeyPair[] SIGNERS = {
            KeyPair.fromSeed(ConformanceVectors.seed(1)),
            KeyPair.fromSeed(ConformanceVectors.seed(2)),
            KeyPair.fromSeed(ConformanceVectors.seed(3))};
    private static final Edwards25519.Point T8 = Edwards25519.pointOfOrder8();

    /** One drawn case: a key, a message and a signature, and which damage was done. */
    private record Case(String damage, PublicKey key, byte[] message, byte[] signature) {
    }

    @TestFactory
    Stream<DynamicTest> nativeAndReferenceAgreeWithTheRule() {
        NativeEd25519.Loaded loaded = NativeEd25519.load();
        assumeTrue(loaded.library() != null, () -> "native verifier unavailable: " + loaded.failure());
        Ed25519Verifier fast = new NativeVerifier(loaded.library());
        return SeededProperty.cases(60, random -> {
            Case drawn = draw(random);
            Signature signature = Signature.of(drawn.signature());
            boolean reference = Ed25519Verifier.java().verify(drawn.key(), drawn.message(), signature);
            assertEquals(reference, fast.verify(drawn.key(), drawn.message(), signature), drawn.damage());
            assertEquals(RuleModel.accepts(drawn.key().toByteArray(), drawn.message(), drawn.signature()), reference,
                    drawn.damage());
        });
    }

    private static Case draw(SplittableRandom random) {
        KeyPair signer = SIGNERS[random.nextInt(SIGNERS.length)];
        byte[] message = new byte[random.nextInt(0, 200)];
        random.nextBytes(message);
        byte[] signature = signer.sign(message).toByteArray();
        PublicKey key = signer.publicKey();
        int damage = random.nextInt(7);
        switch (damage) {
            case 0 -> {
                return new Case("none", key, message, signature);
            }
            case 1 -> signature[random.nextInt(64)] ^= (byte) (1 << random.nextInt(8));
            case 2 -> {
                if (message.length == 0) {
                    message = new byte[] {1};
                } else {
                    message[random.nextInt(message.length)] ^= 1;
                }
            }
            case 3 -> key = SIGNERS[(java.util.Arrays.asList(SIGNERS).indexOf(signer) + 1) % SIGNERS.length].publicKey();
            case 4 -> {
                BigInteger s = Edwards25519.littleEndianValue(java.util.Arrays.copyOfRange(signature, 32, 64));
                System.arraycopy(Edwards25519.littleEndian(s.add(Edwards25519.L)), 0, signature, 32, 32);
            }
            case 5 -> signature = torsionInR(signer, message, random.nextInt(1, 8));
            default -> random.nextBytes(signature);
        }
        return new Case("damage " + damage, key, message, signature);
    }

    /** A valid cofactored-only signature: R + [multiple]T8, S over the new challenge. */
    private static byte[] torsionInR(KeyPair signer, byte[] message, int multiple) {
        BigInteger secret = Edwards25519.secretScalar(signer.seed());
        BigInteger r = Edwards25519.challenge(message, signer.publicKey().toByteArray(), new byte[] {(byte) multiple});
        byte[] rBytes = Edwards25519.BASE.times(r).add(T8.times(multiple)).encode();
        BigInteger k = Edwards25519.challenge(rBytes, signer.publicKey().toByteArray(), message);
        return Edwards25519.signature(rBytes, r.add(k.multiply(secret)).mod(Edwards25519.L));
    }
}
