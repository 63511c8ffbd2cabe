package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.testbed.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tlsecho testbed}: bad options are refused by name before any file is written. */
@Timeout(60)
class TestbedOptionsCliTest {

    @TempDir
    Path dir;

    private static List<Path> testbedDirsHere() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("").toAbsolutePath())) {
            return s.filter(p -> p.getFileName().toString().startsWith("tlsecho-testbed-")).toList();
        }
    }

    @Test
    void badPortBaseWithoutDirMakesNoDirectoryAndNamesTheOption() throws Exception {
        List<Path> before = testbedDirsHere();
        CliRun run = CliRun.of("testbed", "--port-base", "70000");
        List<Path> after = testbedDirsHere();
        try {
            assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("--port-base: 70000 (expected: 0, or 1-");
            assertThat(after).as("directories made by the refused run").isEqualTo(before);
        } finally {
            for (Path p : after) {
                if (!before.contains(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void badHostIsReportedAsTheHostNotAsThePort() {
        CliRun run = CliRun.of("testbed", "--dir", dir.toString(), "--host", " ");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--host:").doesNotContain("--port-base");
    }

    @Test
    void whyNamesTheFilesAtTheirRealPaths() {
        assertThat(Scenario.GOOD.why(dir)).contains(dir.resolve("ca.crt") + "'s root").doesNotContain("DIR/");
        assertThat(Scenario.CLIENT_CERT_REQUIRED.why(dir)).contains(dir.resolve("client.crt").toString())
                .contains(dir.resolve("client.key").toString());
    }
}
