package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tlsecho.cli.Cli;
import io.tlsecho.interop.PeerTools;
import io.tlsecho.cli.ExitCode;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchCommandTest {

    static HeldCertificate held;
    static EchoServer server;

    @TempDir
    Path dir;

    static BenchServer fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = BenchServer.start();
        held = fixture.held();
        server = fixture.server();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    record Run(int exitCode, String out, String err) {
    }

    Run bench(int port, String... more) throws Exception {
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, held.certificatePem());
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] base = {"bench", "--host", "127.0.0.1", "--port", String.valueOf(port), "--cafile", ca.toString(),
            "--threads", "2"};
        String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesReportAndJson() throws Exception {
        Path json = dir.resolve("bench.json");
        Run r = bench(server.port(), "--mode", "pingpong", "--connections", "2", "--size", "256",
                "--warmup", "2s", "--duration", "2s", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("requests", "latency", "p99.9", "mismatches   0");
        assertThat(r.err()).contains("req/s");
        String text = Files.readString(json);
        for (String field : new String[] {"mode", "connections", "size", "requests", "errors_by_class", "mismatches",
            "rps", "mbps", "latency_us", "p50", "p90", "p99", "p99_9", "max", "handshakes", "resumed", "full",
            "client_cpu_s", "client_cpu_per_request_us"}) {
            assertThat(text).contains("\"" + field + "\":");
        }
        Process p = new ProcessBuilder(PeerTools.debianPython().toString(), "-c",
                "import json,sys; d=json.load(open(sys.argv[1])); assert d['mode']=='pingpong' and d['requests']>0 "
                        + "and d['mismatches']==0 and d['latency_us']['p50']>0, d", json.toString())
                .redirectErrorStream(true).start();
        try {
            String py = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(py).isTrue();
            assertThat(p.exitValue()).as(py).isZero();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void mismatchExitsWithBenchErrors() throws Exception {
        try (CorruptingEchoServer bad = new CorruptingEchoServer(held)) {
            Path json = dir.resolve("bad.json");
            // Long enough that every connection, even on a loaded machine, gets through its handshake to the
            // spoiled echo: one still handshaking when the run ends would be cut and counted as an error.
            Run r = bench(bad.port(), "--duration", "3s", "-q", "--json", json.toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.BENCH_ERRORS);
            // Every echo the server spoiled was caught, and nothing else was taken for one.
            Map<String, Object> report = JsonText.object(Files.readString(json));
            assertThat(bad.corrupted()).isPositive();
            assertThat(JsonText.number(report, "mismatches")).isEqualTo(bad.corrupted());
            assertThat(JsonText.number(report, "errors")).isZero();
            assertThat(report.get("failed")).isEqualTo(true);
            // -q: the report and the one-line summary, no progress.
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void requestsBelowTheConnectionCountExitZeroAgainstAGoodServer() throws Exception {
        Path json = dir.resolve("few.json");
        Run r = bench(server.port(), "--connections", "30", "--requests", "3", "--duration", "100s", "-q",
                "--json", json.toString());
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        Map<String, Object> report = JsonText.object(Files.readString(json));
        assertThat(JsonText.number(report, "errors")).isZero();
        assertThat(JsonText.number(report, "requests")).isEqualTo(3);
    }

    @Test
    void resumeOutsideSessionAndHandshakeModesIsAUsageError() throws Exception {
        Run r = bench(server.port(), "--mode", "pingpong", "--resume");
        assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void sessionResumeReportsTheResumedFraction() throws Exception {
        Path json = dir.resolve("resume.json");
        Run r = bench(server.port(), "--mode", "session", "--resume", "--connections", "2", "--requests", "20",
                "--duration", "100s",
                "-q", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> hs = JsonText.object(JsonText.object(Files.readString(json)), "handshakes");
        double full = JsonText.number(hs, "full");
        double resumed = JsonText.number(hs, "resumed");
        assertThat(resumed).isPositive();
        assertThat(JsonText.number(hs, "resumed_fraction")).isCloseTo(resumed / (full + resumed), within(1e-9));
    }

    @Test
    void openModelReportsTargetAndBothLatenciesInStableOrder() throws Exception {
        Path json = dir.resolve("rate.json");
        Run r = bench(server.port(), "--rate", "100", "--connections", "2", "--size", "64", "--duration", "2s",
                "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String text = Files.readString(json);
        Map<String, Object> report = JsonText.object(text);
        assertThat(report.keySet()).containsExactly("mode", "connections", "size", "duration_s", "measured_s",
                "target_rps", "rate_reached", "requests", "rps", "mbps", "mbps_note", "errors", "errors_by_class",
                "mismatches", "latency_us", "latency_uncorrected_us", "handshakes", "negotiated", "client_cpu_s",
                "client_cpu_per_request_us", "failed");
        assertThat(JsonText.number(report, "target_rps")).isEqualTo(100);
        for (String block : new String[] {"latency_us", "latency_uncorrected_us"}) {
            Map<String, Object> l = JsonText.object(report, block);
            assertThat(l.keySet()).containsExactly("count", "mean", "p50", "p90", "p99", "p99_9", "max");
            assertThat(JsonText.number(l, "count")).isEqualTo(JsonText.number(report, "requests"));
        }
        assertThat(JsonText.object(report, "handshakes").keySet()).containsExactly("full", "resumed", "resumed_fraction");
        assertThat(JsonText.object(report, "negotiated").keySet()).containsExactly("protocols", "ciphers", "groups");
        // The progress lines give the achieved rate and the target.
        assertThat(r.err().lines().filter(l -> l.matches("\\[ *[0-9.]+s\\] +([a-z]+ +)?[0-9,]+ req/s \\(target 100\\).*")))
                .as(r.err()).isNotEmpty();
        // And the text report too.
        assertThat(r.out().lines().filter(l -> l.matches(" +rate +target 100/s, achieved [0-9.]+/s.*"))).hasSize(1);
    }

    @Test
    void closedModelHasNoTargetNorUncorrectedLatency() throws Exception {
        Path json = dir.resolve("closed.json");
        Run r = bench(server.port(), "--requests", "50", "--duration", "30s", "-q", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, Object> report = JsonText.object(Files.readString(json));
        assertThat(report).doesNotContainKeys("target_rps", "rate_reached", "latency_uncorrected_us");
        assertThat(JsonText.number(report, "requests")).isEqualTo(50);
    }

    @Test
    void hdrLogIsReadByHdrHistogramAndReportedAlone() throws Exception {
        Path log = dir.resolve("run.hlog");
        Path json = dir.resolve("run.json");
        Run r = bench(server.port(), "--requests", "300", "--duration", "30s", "--connections", "2", "-q",
                "--hdr-log", log.toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        double requests = JsonText.number(JsonText.object(Files.readString(json)), "requests");
        assertThat(requests).isEqualTo(300);
        // HdrHistogram's own reader: every request logged once, each interval tagged with the host's name.
        long logged = 0;
        int intervals = 0;
        HistogramLogReader reader = new HistogramLogReader(log.toFile());
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            logged += ((Histogram) h).getTotalCount();
            intervals++;
            assertThat(h.getTag()).isNotBlank();
        }
        assertThat(intervals).isPositive();
        assertThat(logged).isEqualTo(300);

        Path merged = dir.resolve("merged.json");
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        int code = cl.execute("bench", "report", log.toString(), "--json", merged.toString());
        assertThat(code).isZero();
        Map<String, Object> report = JsonText.object(Files.readString(merged));
        assertThat(JsonText.number(report, "requests")).isEqualTo(300);
        assertThat(out.toString().lines().filter(l -> l.matches(" +requests +300 .*"))).hasSize(1);
    }

    @Test
    void reportOnAFileThatIsNotALogExits24() throws Exception {
        Path notALog = dir.resolve("bench.json");
        Files.writeString(notALog, "{\"mode\":\"pingpong\"}\n");
        Path missing = dir.resolve("missing.hlog");
        for (Path f : new Path[] {notALog, missing}) {
            CommandLine cl = Cli.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("bench", "report", f.toString());
            assertThat(code).as(err.toString()).isEqualTo(f == missing ? ExitCode.FILE : ExitCode.MALFORMED_INPUT);
            assertThat(err.toString().strip().lines()).hasSize(1);
            assertThat(out.toString()).isEmpty();
        }
    }

    @Test
    void badLoadOptionsAreOneLineErrors() throws Exception {
        String[][] usage = {{"--rate", "-5"}, {"--mode", "idle", "--rate", "10"}, {"--requests", "-1"},
            {"--mode", "idle", "--hdr-log", dir.resolve("idle.hlog").toString()}, {"--plain", "--mode", "handshake"}};
        for (String[] args : usage) {
            Run r = bench(server.port(), args);
            assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        }
        // A log that cannot be written fails before any load.
        Run r = bench(server.port(), "--hdr-log", dir.resolve("no/such/dir/run.hlog").toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FILE);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }
}
