package io.khata.core.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The import graph of a module's main sources, read from the source text: which Khata
 * packages each package uses (by import or by a fully qualified name in code), and which
 * outside packages it imports. Javadoc and comments are left out, so a link in a comment
 * does not count as a use.
 */
public final class PackageGraph {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)(?:\\.\\*)?;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\b(io\\.khata(?:\\.[a-z]\\w*)+)\\.[A-Z]");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    private final Map<String, Set<String>> khataEdges = new TreeMap<>();
    private final Map<String, Set<String>> imports = new TreeMap<>();

    private PackageGraph() {
    }

    /** Reads every {@code .java} file under {@code sourceRoot}. */
    public static PackageGraph read(Path sourceRoot) {
        PackageGraph graph = new PackageGraph();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                graph.add(Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private void add(String source) {
        Matcher declared = PACKAGE.matcher(source);
        if (!declared.find()) {
            return;
        }
        String from = declared.group(1);
        String code = COMMENTS.matcher(source).replaceAll(" ");
        Set<String> outside = imports.computeIfAbsent(from, k -> new TreeSet<>());
        Set<String> khata = khataEdges.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher imported = IMPORT.matcher(code);
        while (imported.find()) {
            String name = imported.group(1);
            outside.add(name);
            if (name.startsWith("io.khata.")) {
                khata.add(packageOf(name));
            }
        }
        Matcher qualified = QUALIFIED.matcher(code);
        while (qualified.find()) {
            khata.add(qualified.group(1));
        }
        khata.remove(from);
    }

    /** The package part of a qualified name: the segments before the first capitalised one. */
    private static String packageOf(String qualifiedName) {
        String[] parts = qualifiedName.split("\\.");
        StringBuilder result = new StringBuilder();
        for (String part : parts) {
            if (Character.isUpperCase(part.charAt(0))) {
                break;
            }
            result.append(result.length() == 0 ? "" : ".").append(part);
        }
        return result.toString();
    }

    public Set<String> packages() {
        return khataEdges.keySet();
    }

    /** Each cycle found, as the list of packages around it; empty when the graph is acyclic. */
    public List<List<String>> cycles() {
        List<List<String>> cycles = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>();
        for (String start : khataEdges.keySet()) {
            visit(start, state, new ArrayList<>(), cycles);
        }
        return cycles;
    }

    private void visit(String node, Map<String, Integer> state, List<String> path, List<List<String>> cycles) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return;
        }
        if (seen != null && seen == 1) {
            cycles.add(new ArrayList<>(path.subList(path.indexOf(node), path.size())));
            return;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : khataEdges.getOrDefault(node, Set.of())) {
            if (khataEdges.containsKey(next)) {
                visit(next, state, path, cycles);
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
    }

    /** Every import, in any package of the graph, that starts with one of {@code prefixes}. */
    public List<String> importsStartingWith(String... prefixes) {
        List<String> found = new ArrayList<>();
        imports.forEach((from, names) -> names.stream()
                .filter(name -> Stream.of(prefixes).anyMatch(name::startsWith))
                .forEach(name -> found.add(from + " imports " + name)));
        return found;
    }

    /** The Khata packages that {@code from} uses. */
    public Set<String> uses(String from) {
        return khataEdges.getOrDefault(from, Set.of());
    }
}
