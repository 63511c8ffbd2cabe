package io.tlsecho.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.cli.Main;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The BouncyCastle packages pom.xml leaves out of the jar are ones no class of tlsecho reaches (unit tests run with
 * the whole of BouncyCastle, so they would not notice a class the jar lacks).
 */
class JarBouncyCastleTest {

    private static final Pattern EXCLUDE = Pattern.compile("<exclude>(org/bouncycastle/[^<]*)/\\*\\*</exclude>");
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)");

    @Test
    @Timeout(300)
    void noReachableClassIsLeftOut() throws Exception {
        List<String> excluded = new ArrayList<>();
        Matcher m = EXCLUDE.matcher(Files.readString(Path.of("pom.xml")));
        while (m.find()) {
            excluded.add(m.group(1).replace('/', '.') + ".");
        }
        assertThat(excluded).as("BouncyCastle excludes in pom.xml").contains("org.bouncycastle.pqc.", "org.bouncycastle.jcajce.provider.asymmetric.");

        String classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        List<String> args = new ArrayList<>(List.of("-verbose:class", "-filter:none", "--multi-release", "17", classes));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("bouncycastle")) {
                args.add(entry);
            }
        }
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        assertThat(rc).as("jdeps " + args).isZero();

        Map<String, Set<String>> edges = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher e = EDGE.matcher(line);
            if (e.find()) {
                edges.computeIfAbsent(e.group(1), k -> new HashSet<>()).add(e.group(2));
            }
        }
        Map<String, String> reachedFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String c : edges.keySet()) {
            if (c.startsWith("io.tlsecho.")) {
                reachedFrom.put(c, "");
                queue.add(c);
            }
        }
        assertThat(queue).as("tlsecho's classes in jdeps' output").isNotEmpty();
        while (!queue.isEmpty()) {
            String c = queue.remove();
            for (String d : edges.getOrDefault(c, Set.of())) {
                if ((d.startsWith("org.bouncycastle.") || d.startsWith("io.tlsecho.")) && !reachedFrom.containsKey(d)) {
                    reachedFrom.put(d, c);
                    queue.add(d);
                }
            }
        }
        assertThat(reachedFrom.keySet()).as("reached").anyMatch(c -> c.startsWith("org.bouncycastle.asn1."));
        Set<String> missing = new TreeSet<>();
        for (String c : reachedFrom.keySet()) {
            if (excluded.stream().anyMatch(c::startsWith)) {
                missing.add(c + " (from " + reachedFrom.get(c) + ")");
            }
        }
        assertThat(missing).as("classes tlsecho reaches in packages pom.xml leaves out of the jar: "
                + missing.stream().limit(5).collect(Collectors.joining(", "))).isEmpty();
    }
}
