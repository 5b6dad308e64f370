package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The start-up self-test: its vectors say what the written rule says (checked with the
 * independent arithmetic), a correct cofactorless library passes it, and the libraries that
 * would change outcomes, a lenient one and a dead one, fail it.
 */
class SelfTestVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    Stream<DynamicTest> eachEmbeddedVectorIsDecidedAsTheRuleSays() {
        return SelfTestVectors.VECTORS.stream().map(vector -> DynamicTest.dynamicTest(vector.name(), () -> {
            byte[] key = HEX.parseHex(vector.key());
            byte[] signature = HEX.parseHex(vector.signature());
            assertEquals(vector.accepted(), RuleModel.accepts(key, vector.messageBytes(), signature), "the rule");
            assertEquals(vector.accepted(), Ed25519Verifier.java().verify(PublicKey.of(key), vector.messageBytes(),
                    Signature.of(signature)), "the reference");
            if (vector.ordinary()) {
                assertTrue(RuleModel.isStrongKey(key) && Edwards25519.cofactorlessHolds(key, vector.messageBytes(), signature));
            }
        }));
    }

    @Test
    void theJdkVerifierPassesAsANativeStandIn() {
        RawVerifier jdk = (key, message, signature) -> JdkEdDsa.verify(key.toByteArray(), message, signature);
        assertEquals(Optional.empty(), SelfTestVectors.check(jdk, new NativeVerifier(jdk)));
    }

    /** Reads R and A mod p, as many libraries do: it accepts the non-canonical R vector and must be refused. */
    @Test
    void aLenientLibraryFails() {
        RawVerifier lenient = (key, message, signature) -> Edwards25519.cofactorlessHolds(key.toByteArray(), message, signature);
        Optional<String> failure = SelfTestVectors.check(lenient, new NativeVerifier(lenient));
        assertTrue(failure.orElse("").contains("accepts what the rule rejects"), failure.toString());
    }

    @Test
    void aLibraryThatRejectsEverythingFails() {
        RawVerifier dead = (key, message, signature) -> false;
        Optional<String> failure = SelfTestVectors.check(dead, new NativeVerifier(dead));
        assertTrue(failure.orElse("").contains("rejects a valid signature"), failure.toString());
    }
}
