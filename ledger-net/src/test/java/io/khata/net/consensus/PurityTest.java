package io.khata.net.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the consensus package pure: no class of it may name a clock, a thread, randomness, a
 * socket, a file or the ledger. The check reads each compiled class's constant pool, where every
 * class and method it refers to is named, so nothing slips through an import-free reference.
 */
class PurityTest {
    private static final List<String> FORBIDDEN = List.of(
            "currentTimeMillis", // java.lang.System's clocks (System.arraycopy is fine)
            "nanoTime",
            "getenv",
            "getProperty",
            "java/lang/Thread",
            "getRuntime",
            "java/util/Random",
            "java/util/SplittableRandom",
            "java/security/SecureRandom",
            "java/util/concurrent",
            "java/time/",
            "java/io/File",
            "java/io/InputStream",
            "java/io/OutputStream",
            "java/nio/file",
            "java/nio/channels",
            "java/net/",
            "io/netty",
            "io/khata/core/Ledger",
            "io/khata/core/store",
            "io/khata/net/node",
            "io/khata/net/p2p");

    @Test
    void theConsensusPackageReferencesNoClockThreadRandomnessSocketFileOrLedger() throws IOException, URISyntaxException {
        Path directory = Path.of(Consensus.class.getResource("Consensus.class").toURI()).getParent();
        List<String> violations = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!file.toString().endsWith(".class")) {
                    continue;
                }
                classes++;
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String forbidden : FORBIDDEN) {
                    if (constants.contains(forbidden)) {
                        violations.add(file.getFileName() + " refers to " + forbidden);
                    }
                }
            }
        }
        assertTrue(classes >= 15, "found only " + classes + " classes in " + directory);
        assertEquals(List.of(), violations);
    }
}
