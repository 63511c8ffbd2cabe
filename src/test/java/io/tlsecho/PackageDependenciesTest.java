package io.tlsecho;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;

/**
 * Packages depend one way: {@code cli} → {@code server}, {@code client}, {@code bench}, {@code testbed} →
 * {@code tls} → {@code pki}; {@code log}, {@code json}, {@code transport} and {@code config} sit beside them, usable by all and using
 * none of the upper layers. Read from the sources' imports and qualified names, so a new dependency upward fails here.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/tlsecho");

    /** Each package's layer: a package may use its own layer (without cycles) and the ones below. */
    private static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("cli", 3),
            Map.entry("server", 2), Map.entry("client", 2), Map.entry("bench", 2), Map.entry("testbed", 2),
            Map.entry("tls", 1),
            Map.entry("pki", 0));

    /** Beside the layers: used by any package, and using only each other and pki. */
    private static final Set<String> BESIDE = Set.of("log", "json", "transport", "config");

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.tlsecho\\.([a-z][a-z0-9]*)\\.");

    @Test
    void everyPackageHasAPlace() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        // The sources were found and read: an empty graph would let every check here pass.
        assertThat(graph).containsKeys("cli", "server", "client", "tls", "pki");
        assertThat(graph.get("cli")).contains("server", "tls");
        for (String pkg : graph.keySet()) {
            assertThat(LAYERS.containsKey(pkg) || BESIDE.contains(pkg))
                    .as("package io.tlsecho.%s has no place in %s: add it to LAYERS or BESIDE", pkg,
                            getClass().getSimpleName())
                    .isTrue();
        }
    }

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        List<String> upward = new ArrayList<>();
        dependencies().forEach((from, uses) -> {
            for (String to : uses) {
                if (!allowed(from, to)) {
                    upward.add("io.tlsecho." + from + " uses io.tlsecho." + to);
                }
            }
        });
        assertThat(upward).as("dependencies against the direction cli → server/client/bench/testbed → tls → pki")
                .isEmpty();
    }

    @Test
    void packagesOfOneLayerFormNoCycle() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        for (String start : graph.keySet()) {
            Set<String> reached = new TreeSet<>();
            List<String> todo = new ArrayList<>(graph.get(start));
            while (!todo.isEmpty()) {
                String next = todo.remove(todo.size() - 1);
                if (reached.add(next)) {
                    todo.addAll(graph.getOrDefault(next, Set.of()));
                }
            }
            assertThat(reached).as("io.tlsecho.%s depends on itself through %s", start, reached).doesNotContain(start);
        }
    }

    @Test
    void theScanSeesTheKnownDependencies() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        assertThat(graph.get("cli")).contains("server", "client", "pki");
        assertThat(graph.get("tls")).contains("pki");
    }

    private static boolean allowed(String from, String to) {
        if (BESIDE.contains(to)) {
            return true;
        }
        if (BESIDE.contains(from)) {
            return to.equals("pki");
        }
        Integer fromLayer = LAYERS.get(from);
        Integer toLayer = LAYERS.get(to);
        return fromLayer != null && toLayer != null && toLayer <= fromLayer;
    }

    /** For each package under io.tlsecho, the other io.tlsecho packages its sources name. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                if (file.getParent().equals(SOURCES)) {
                    continue; // nothing lives at the top, but a file there has no package of its own to check
                }
                Set<String> uses = graph.computeIfAbsent(pkg, k -> new TreeSet<>());
                for (String line : Files.readAllLines(file)) {
                    if (line.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = REFERENCE.matcher(line);
                    while (m.find()) {
                        if (!m.group(1).equals(pkg)) {
                            uses.add(m.group(1));
                        }
                    }
                }
            }
        }
        return graph;
    }
}
