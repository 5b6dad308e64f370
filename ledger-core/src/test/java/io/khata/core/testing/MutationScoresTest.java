package io.khata.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MutationScoresTest {
    @TempDir
    Path dir;

    private static String mutation(boolean detected, String status, String mutatedClass) {
        return "<mutation detected='" + detected + "' status='" + status + "' numberOfTestsRun='1'>"
                + "<sourceFile>X.java</sourceFile><mutatedClass>" + mutatedClass + "</mutatedClass>"
                + "<mutatedMethod>m</mutatedMethod><lineNumber>1</lineNumber><mutator>M</mutator>"
                + "<description>d</description></mutation>";
    }

    private Path report(String... mutations) throws IOException {
        Path file = dir.resolve("mutations.xml");
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mutations>" + String.join("", mutations)
                + "</mutations>");
        return file;
    }

    @Test
    void eachPackageIsScoredOnItsOwnCountingTimeoutsAsDetectedAndNoCoverageAsSurvived() throws IOException {
        Map<String, MutationScores.Score> scores = MutationScores.read(report(
                mutation(true, "KILLED", "a.b.X"),
                mutation(true, "TIMED_OUT", "a.b.Y"),
                mutation(false, "SURVIVED", "a.b.X"),
                mutation(false, "NO_COVERAGE", "a.b.X"),
                mutation(true, "KILLED", "a.c.Z")));
        assertEquals(new MutationScores.Score(2, 4), scores.get("a.b"));
        assertEquals(new MutationScores.Score(1, 1), scores.get("a.c"));
        assertEquals(50.0, scores.get("a.b").percent());
    }

    @Test
    void aPackageUnderItsMinimumOrWithoutMutantsFailsAndOneAtItsMinimumPasses() throws IOException {
        Map<String, MutationScores.Score> scores = MutationScores.read(report(
                mutation(true, "KILLED", "a.b.X"), mutation(false, "SURVIVED", "a.b.X"),
                mutation(true, "KILLED", "a.c.Z")));
        assertTrue(MutationScores.failures(scores, Map.of("a.b", 50.0, "a.c", 100.0)).isEmpty());
        Map<String, String> failures = MutationScores.failures(scores, Map.of("a.b", 50.1, "a.gone", 10.0));
        assertEquals(2, failures.size());
        assertTrue(failures.get("a.b").contains("50.0% (1 of 2) is under the minimum of 50%"), failures.get("a.b"));
        assertTrue(failures.get("a.gone").contains("no mutants"), failures.get("a.gone"));
    }

    @Test
    void aReportThatIsNotXmlOrDeclaresADoctypeIsRefused() throws IOException {
        Path broken = dir.resolve("broken.xml");
        Files.writeString(broken, "<mutations><mutation>");
        assertThrows(IOException.class, () -> MutationScores.read(broken));
        Path doctype = dir.resolve("doctype.xml");
        Files.writeString(doctype, "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x \"y\">]><mutations/>");
        assertThrows(IOException.class, () -> MutationScores.read(doctype));
    }
}
