package io.khata.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.khata.client.AssetUnits;
import io.khata.net.cli.Testnet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's client example, cut out of README.md between its markers, compiled with the
 * system Java compiler against this module's test classpath and run against the real network:
 * the README shows code that works, not a copy kept beside a test.
 */
class ReadmeExampleTest {
    private static final String START = "<!-- client-example:start -->";
    private static final String END = "<!-- client-example:end -->";

    @TempDir
    Path work;

    /** The lines between the markers, without the code fence. */
    static List<String> snippet(Path readme) throws Exception {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertTrue(start >= 0 && end > start, readme + " has no client example between " + START + " and " + END);
        List<String> lines = new ArrayList<>(text.substring(start + START.length(), end).strip().lines().toList());
        assertEquals("```java", lines.get(0), "the example opens a java code fence");
        assertEquals("```", lines.get(lines.size() - 1), "the example closes its code fence");
        return lines.subList(1, lines.size() - 1);
    }

    /** Imports go to the top of a class; the rest is the body of a method given nodeUrl, genesisFile and keyFile. */
    static String program(List<String> snippet) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : snippet) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return "package readme;\n" + imports + "import java.nio.file.Path;\n"
                + "public final class ReadmeExample {\n"
                + "    public static void run(String nodeUrl, Path genesisFile, Path keyFile) throws Exception {\n"
                + body + "    }\n}\n";
    }

    @Test
    void theReadmeClientExampleCompilesAndCommitsATransferOnARealNetwork() throws Exception {
        Path readme = Path.of(System.getProperty("khata.readme", "../README.md"));
        List<String> snippet = snippet(readme);
        assertTrue(snippet.size() <= 30, "the README example should stay short: " + snippet.size() + " lines");

        Path source = work.resolve("src/readme/ReadmeExample.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, program(snippet));
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, diagnostics, diagnostics, "-classpath", System.getProperty("java.class.path"),
                "-d", classes.toString(), "--release", "17", source.toString());
        assertEquals(0, status, "the README example does not compile:\n" + diagnostics.toString(StandardCharsets.UTF_8));

        ClientTestNetwork network = ClientTestNetwork.shared();
        long before = network.node(0).ledger().balance(Testnet.treasury(1), Testnet.PKR);
        String output = run(classes, network);

        assertTrue(output.contains("committed at height "), output);
        long height = Long.parseLong(output.replaceAll("(?s).*committed at height (\\d+).*", "$1"));
        network.awaitHeight(height);
        long after = network.node(2).ledger().balance(Testnet.treasury(1), Testnet.PKR);
        assertTrue(after >= before + 1250, "treasury@bank1 went from " + before + " to " + after);
        assertTrue(output.contains("treasury@bank1 holds "), output);
        String printed = output.replaceAll("(?s).*treasury@bank1 holds (\\S+) PKR.*", "$1");
        long printedMinor = AssetUnits.load(network.genesisFile()).toMinorUnits(Testnet.PKR, printed);
        assertTrue(printedMinor >= before + 1250 && printedMinor <= after, "printed " + printed + ", ledger " + after);
    }

    private static String run(Path classes, ClientTestNetwork network) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            loader.loadClass("readme.ReadmeExample").getMethod("run", String.class, Path.class, Path.class)
                    .invoke(null, network.observerUrl(), network.genesisFile(), network.keyFile(Testnet.treasury(0)));
        } catch (InvocationTargetException e) {
            throw new AssertionError("the README example failed: " + e.getCause(), e.getCause());
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        original.print(output);
        return output;
    }
}
