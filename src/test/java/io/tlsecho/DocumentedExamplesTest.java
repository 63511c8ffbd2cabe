package io.tlsecho;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The library examples in docs/development.md compile against this build, and the first one runs. */
class DocumentedExamplesTest {

    private static final Path DOC = Path.of("docs/development.md");
    private static final List<String> IMPORTS = List.of(
            "io.tlsecho.client.*", "io.tlsecho.pki.*", "io.tlsecho.server.*", "io.tlsecho.testbed.*", "java.nio.charset.StandardCharsets",
            "java.nio.file.Path", "java.time.Duration", "java.util.List");

    @Test
    @Timeout(60)
    void libraryApiExamplesCompileAndTheFirstRuns(@TempDir Path dir) throws Exception {
        List<String> examples = javaBlocks(section(Files.readString(DOC), "## Library API"));
        assertThat(examples).as("```java blocks under '## Library API' in " + DOC).hasSizeGreaterThanOrEqualTo(2);

        List<String> sources = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            sources.add(Files.writeString(dir.resolve("Example" + i + ".java"), wrap("Example" + i, examples.get(i)))
                    .toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(),
                "-classpath", System.getProperty("java.class.path"), "-proc:none"));
        args.addAll(sources);
        int status = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertThat(status).as("the examples compile:%n%s", errors.toString(StandardCharsets.UTF_8)).isZero();

        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("Example0").getMethod("run").invoke(null);
        } finally {
            System.setOut(stdout);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).contains("echoed");
    }

    /**
     * An example that starts a server, client or test bed shows how it is closed: each start is a resource of a
     * {@code try}, so a reader who copies it does not leak the port and its threads.
     */
    @Test
    void everyServerClientAndTestbedAnExampleStartsIsClosed() throws Exception {
        List<String> examples = javaBlocks(section(Files.readString(DOC), "## Library API"));
        Pattern start = Pattern.compile("\\b(EchoServer\\.start|EchoClient\\.create|Testbed\\.start)\\(");
        int starts = 0;
        for (String example : examples) {
            Matcher m = start.matcher(example);
            while (m.find()) {
                starts++;
                int tryAt = example.lastIndexOf("try (", m.start());
                assertThat(tryAt >= 0 && example.substring(tryAt, m.start()).indexOf('{') < 0)
                        .as("%s in this example is not a resource of a try:%n%s", m.group(1), example).isTrue();
            }
        }
        // The examples do start things: a check that finds no start would pass whatever the docs say.
        assertThat(starts).isGreaterThanOrEqualTo(3);
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading);
        assertThat(start).as("'%s' in %s", heading, DOC).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length());
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private static String wrap(String className, String body) {
        StringBuilder java = new StringBuilder();
        IMPORTS.forEach(i -> java.append("import ").append(i).append(";\n"));
        return java.append("public class ").append(className).append(" {\n")
                .append("    public static void run() throws Exception {\n")
                .append(body)
                .append("    }\n}\n").toString();
    }
}
