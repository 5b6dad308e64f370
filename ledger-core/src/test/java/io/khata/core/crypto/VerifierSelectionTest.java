package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** auto falls back to java when the native library is missing or fails its self-test; native then refuses to start. */
class VerifierSelectionTest {
    private static final RawVerifier JDK = (key, message, signature) -> JdkEdDsa.verify(key.toByteArray(), message, signature);
    private static final RawVerifier LENIENT =
            (key, message, signature) -> Edwards25519.cofactorlessHolds(key.toByteArray(), message, signature);

    @Test
    void aMissingLibraryGivesJavaOnAutoAndRefusesNative() {
        VerifierSelection auto = VerifierSelection.decide(VerifierChoice.AUTO, null, null, "not on the class path");
        assertEquals("java", auto.name());
        assertTrue(auto.reason().contains("not on the class path"), auto.reason());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> VerifierSelection.decide(VerifierChoice.NATIVE, null, null, "not on the class path"));
        assertTrue(refused.getMessage().contains("not on the class path"), refused.getMessage());
    }

    @Test
    void aLibraryThatFailsTheSelfTestIsNeverUsed() {
        VerifierSelection auto = VerifierSelection.decide(VerifierChoice.AUTO, LENIENT, "lenient", null);
        assertEquals("java", auto.name());
        assertTrue(auto.reason().startsWith("native unusable: self-test failed"), auto.reason());
        assertThrows(IllegalStateException.class, () -> VerifierSelection.decide(VerifierChoice.NATIVE, LENIENT, "lenient", null));
    }

    @Test
    void aLibraryThatPassesIsChosen() {
        VerifierSelection auto = VerifierSelection.decide(VerifierChoice.AUTO, JDK, "SunEC stand-in", null);
        assertEquals("native", auto.name());
        assertEquals("SunEC stand-in, self-test passed", auto.reason());
    }
}
