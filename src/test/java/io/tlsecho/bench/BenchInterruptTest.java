package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.cli.ExitCode;
import io.tlsecho.interop.PeerTools;
import io.tlsecho.interop.RunningProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C during {@code tlsecho bench}: the figures so far are printed and written, and the exit code says why. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchInterruptTest {

    @TempDir
    Path dir;

    @Test
    void sigintPrintsAndWritesWhatWasMeasuredAndExits130() throws Exception {
        try (BenchServer fixture = BenchServer.start()) {
            Path ca = dir.resolve("ca.crt");
            Files.writeString(ca, fixture.held().certificatePem());
            Path json = dir.resolve("run.json");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // SIGINT at its default in the child, however the test runner was started (a shell's background job
            // starts with it ignored, and the JVM leaves an ignored signal ignored).
            try (RunningProcess bench = RunningProcess.start(List.of(PeerTools.require("env").toString(),
                    "--default-signal=INT", java, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main",
                    "bench", "--host", "127.0.0.1", "--port", Integer.toString(fixture.server().port()),
                    "--cafile", ca.toString(), "--threads", "1", "--connections", "2", "--size", "64",
                    "--duration", "100s", "--json", json.toString()), dir, Map.of())) {
                // Measuring, with requests done: a progress line with a rate above zero.
                bench.waitForLine(Pattern.compile("\\[ *[0-9.]+s\\] +[1-9][0-9,]* req/s.*"), Duration.ofSeconds(60));
                Process kill = new ProcessBuilder(PeerTools.require("kill").toString(), "-INT",
                        String.valueOf(bench.process().pid())).start();
                assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(bench.awaitExit(Duration.ofSeconds(60))).as(bench::describe).isEqualTo(ExitCode.INTERRUPTED);
                assertThat(bench.stdout()).as(bench::describe).contains("(stopped early: interrupted)");
                assertThat(bench.stderr()).contains("tlsecho: interrupted: ending the run");
                Map<String, Object> report = JsonText.object(Files.readString(json));
                assertThat(report.get("stopped_early")).isEqualTo("interrupted");
                assertThat(JsonText.number(report, "requests")).isPositive();
                // A clean end: every connection finished its conversation.
                assertThat(JsonText.number(report, "errors")).isZero();
            }
        }
    }
}
