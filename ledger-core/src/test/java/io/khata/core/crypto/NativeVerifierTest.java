package io.khata.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The native fast path (Amazon Corretto Crypto Provider, on this module's test class path)
 * decides every conformance vector as the reference does, and the raw library is the
 * cofactorless verifier the design assumes: it rejects exactly the torsion cases that the
 * fallback then accepts. On a platform where the library cannot load, only the load report runs.
 */
class NativeVerifierTest {
    private static final List<ConformanceVector> VECTORS = ConformanceVectors.all();
    private static NativeEd25519.Loaded loaded;

    @BeforeAll
    static void load() {
        loaded = NativeEd25519.load();
    }

    private static boolean linuxX86() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    @Test
    void loadsOnLinuxX86AndReportsWhyElsewhere() {
        if (linuxX86()) {
            assertNull(loaded.failure(), "the provider is on the test class path: " + loaded.failure());
            assertNotNull(loaded.library());
        } else {
            assertNull(loaded.library());
            assertFalse(loaded.failure().isBlank());
        }
    }

    @TestFactory
    Stream<DynamicTest> theFastPathDecidesEachVectorAsTheReference() {
        assumeTrue(loaded.library() != null, () -> "native verifier unavailable: " + loaded.failure());
        Ed25519Verifier fast = new NativeVerifier(loaded.library());
        return VECTORS.stream().map(vector -> DynamicTest.dynamicTest(vector.name(), () -> {
            boolean reference = Ed25519Verifier.java().verify(vector.publicKey(), vector.message(), vector.typedSignature());
            assertEquals(vector.accepted(), reference, vector.toString());
            assertEquals(reference, fast.verify(vector.publicKey(), vector.message(), vector.typedSignature()),
                    vector.toString());
        }));
    }

    /**
     * The library alone accepts a vector only if the cofactorless equation holds, and never
     * one the rule rejects; so the torsion vectors reach the reference fallback, which the
     * fast path's test above shows deciding them.
     */
    @TestFactory
    Stream<DynamicTest> theLibraryAloneIsCofactorless() {
        assumeTrue(loaded.library() != null, () -> "native verifier unavailable: " + loaded.failure());
        return VECTORS.stream().map(vector -> DynamicTest.dynamicTest(vector.name(), () -> {
            boolean accepts = loaded.library().verify(vector.publicKey(), vector.message(), vector.signature());
            if (accepts) {
                assertTrue(vector.accepted() && vector.cofactorless(), vector.toString());
            }
            if (vector.accepted() && !vector.cofactorless()) {
                assertFalse(accepts, "cofactored-only, so the fallback decides: " + vector);
            }
        }));
    }

    @Test
    void autoPicksNativeHereAndJavaWhenAsked() {
        assumeTrue(loaded.library() != null, () -> "native verifier unavailable: " + loaded.failure());
        assertEquals("native", VerifierSelection.select(VerifierChoice.AUTO).name());
        assertEquals("native", VerifierSelection.select(VerifierChoice.NATIVE).name());
        assertEquals("java", VerifierSelection.select(VerifierChoice.JAVA).name());
    }

    @Test
    void choicesParse() {
        assertEquals(VerifierChoice.NATIVE, VerifierChoice.parse(" Native "));
        assertEquals("auto", VerifierChoice.AUTO.text());
        assertThrows(IllegalArgumentException.class, () -> VerifierChoice.parse("fast"));
    }
}
