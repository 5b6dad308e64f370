package io.khata.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The mutation score of each package in a PIT {@code mutations.xml} (mutants detected, killed or
 * timed out, over all mutants, those without coverage included), checked against a minimum per
 * package. PIT's own threshold is one figure for a whole module; this one holds each package to
 * its own, so a strong package cannot hide a weak one.
 *
 * <p>Run by the {@code pit} profile after PIT: {@code MutationScores <mutations.xml> <package>=<percent>...}.
 * Prints one line per package and throws when any named package is under its minimum or has no
 * mutants at all (a renamed package must not pass by vanishing).
 */
public final class MutationScores {
    /** Killed and total mutants of one package. */
    public record Score(int detected, int total) {
        public double percent() {
            return total == 0 ? 0 : 100.0 * detected / total;
        }
    }

    private MutationScores() {
    }

    /** Scores by package, in package order. */
    public static Map<String, Score> read(Path mutationsXml) throws IOException {
        Document document;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            document = factory.newDocumentBuilder().parse(mutationsXml.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(mutationsXml + ": not a readable PIT report: " + e.getMessage(), e);
        }
        Map<String, int[]> counts = new TreeMap<>();
        NodeList mutations = document.getElementsByTagName("mutation");
        for (int i = 0; i < mutations.getLength(); i++) {
            Element mutation = (Element) mutations.item(i);
            String mutatedClass = text(mutation, "mutatedClass");
            int dot = mutatedClass.lastIndexOf('.');
            String pkg = dot < 0 ? "" : mutatedClass.substring(0, dot);
            int[] c = counts.computeIfAbsent(pkg, p -> new int[2]);
            if ("true".equals(mutation.getAttribute("detected"))) {
                c[0]++;
            }
            c[1]++;
        }
        Map<String, Score> scores = new LinkedHashMap<>();
        counts.forEach((pkg, c) -> scores.put(pkg, new Score(c[0], c[1])));
        return scores;
    }

    /** The packages under their minimum, each with a line saying by how much; empty when all pass. */
    public static Map<String, String> failures(Map<String, Score> scores, Map<String, Double> minimums) {
        Map<String, String> failures = new LinkedHashMap<>();
        minimums.forEach((pkg, minimum) -> {
            Score score = scores.get(pkg);
            if (score == null || score.total() == 0) {
                failures.put(pkg, "no mutants found for " + pkg);
            } else if (score.percent() < minimum) {
                failures.put(pkg, String.format("%s: %.1f%% (%d of %d) is under the minimum of %.0f%%",
                        pkg, score.percent(), score.detected(), score.total(), minimum));
            }
        });
        return failures;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    /** Throws (so that a build running it in process fails) when the report is missing or any package is under its minimum. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: MutationScores <mutations.xml> <package>=<percent>...");
        }
        Path report = Path.of(args[0]);
        if (!Files.isRegularFile(report)) {
            throw new IllegalArgumentException("no PIT report at " + report);
        }
        Map<String, Double> minimums = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] parts = args[i].split("=", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("expected <package>=<percent>, got " + args[i]);
            }
            minimums.put(parts[0].trim(), Double.parseDouble(parts[1].trim()));
        }
        Map<String, Score> scores = read(report);
        scores.forEach((pkg, s) -> System.out.printf("mutation score %-28s %5.1f%% (%d of %d)%s%n", pkg, s.percent(),
                s.detected(), s.total(), minimums.containsKey(pkg) ? ", minimum " + minimums.get(pkg) + "%" : ""));
        Map<String, String> failures = failures(scores, minimums);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("mutation score under its minimum: " + String.join("; ", failures.values()));
        }
    }
}
