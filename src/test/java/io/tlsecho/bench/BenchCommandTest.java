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
        // When, where and what: enough to tell one run's file from another's.
        Map<String, Object> report = JsonText.object(text);
        assertThat(java.time.Instant.parse((String) report.get("started"))).isBefore(java.time.Instant.now());
        assertThat(report.get("tlsecho")).isEqualTo(io.tlsecho.config.BuildInfo.current().version());
        Map<String, Object> target = JsonText.object(report, "target");
        assertThat(target.get("host")).isEqualTo("127.0.0.1");
        assertThat(JsonText.number(target, "port")).isEqualTo(server.port());
        Map<String, Object> options = JsonText.object(report, "options");
        assertThat(options).containsEntry("mode", "pingpong").containsEntry("warmup", "2s").containsEntry("duration", "2s");
        assertThat(JsonText.number(options, "connections")).isEqualTo(2);
        assertThat(JsonText.number(options, "threads")).isEqualTo(2);
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
            // Long enough that the connection gets through its handshake to a spoiled echo on a loaded machine, and
            // shorter than the 5 s after which a run with no success stops early. A connection still handshaking
            // when the run ends just ends, uncounted.
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
    void aBenchThatFailsEveryRequestStopsEarlyAndSaysWhyAsClientDoes() throws Exception {
        // The certificate names localhost and 127.0.0.1, not this name: every handshake fails the hostname check.
        String[] wrongName = {"--servername", "wrong.example"};
        CommandLine client = Cli.commandLine();
        StringWriter clientErr = new StringWriter();
        client.setErr(new PrintWriter(clientErr));
        client.setOut(new PrintWriter(new StringWriter()));
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, held.certificatePem());
        int clientCode = client.execute("client", "--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                "--cafile", ca.toString(), "--servername", "wrong.example");
        assertThat(clientCode).isEqualTo(ExitCode.HOSTNAME);
        String clientSays = clientErr.toString().strip().replaceFirst("^tlsecho: ", "");

        Path json = dir.resolve("hopeless.json");
        Run r = bench(server.port(), wrongName[0], wrongName[1], "--duration", "100s", "-q", "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.BENCH_ERRORS);
        assertThat(r.out()).contains("stopped early: nothing succeeded in the first 5 s");
        assertThat(r.err()).contains("tlsecho: stopped early: nothing succeeded in the first 5 s");
        // The first error of the kind, in full, worded as the client words it (before the hint the client's CLI
        // adds); no latencies of 0.
        String benchSays = r.out().lines().filter(l -> l.startsWith("    hostname   ")).findFirst().orElseThrow()
                .substring("    hostname   ".length());
        assertThat(benchSays).contains("wrong.example");
        assertThat(clientSays).startsWith(benchSays);
        assertThat(r.out()).contains("latency      none: no request completed").doesNotContain(" 0 µs");
        Map<String, Object> report = JsonText.object(Files.readString(json));
        assertThat(JsonText.object(report, "first_errors")).containsExactly(Map.entry("hostname", benchSays));
        assertThat(report.get("stopped_early")).isEqualTo("nothing succeeded in the first 5 s");
        // Stopped once nothing had succeeded for 5 s, not after the 100 s asked for (the run's own measure).
        assertThat(JsonText.number(report, "measured_s")).isLessThan(100);
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
        assertThat(report.keySet()).containsExactly("tlsecho", "started", "target", "options", "mode", "connections",
                "size", "duration_s", "measured_s", "target_rps", "rate_reached", "requests", "rps", "mbps", "mbps_note",
                "errors", "errors_by_class", "first_errors", "mismatches", "latency_us", "latency_uncorrected_us", "handshakes", "negotiated", "client_cpu_s",
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
    void aRateNotReachedIsAWarningAndExitsZero() throws Exception {
        Path json = dir.resolve("unreached.json");
        // A million round trips a second on one connection: no machine here gets near it.
        Run r = bench(server.port(), "--rate", "1000000", "--size", "16", "--duration", "1s", "--warmup", "1s",
                "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err().lines()).anyMatch(l -> l.startsWith("tlsecho: warning: the target rate was not reached: ")
                && l.contains(" of 1,000,000.0/s (--rate)"));
        assertThat(r.out()).contains("(target not reached)");
        Map<String, Object> report = JsonText.object(Files.readString(json));
        assertThat(report.get("rate_reached")).isEqualTo(false);
        assertThat(report.get("failed")).isEqualTo(false);
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

    /** An interval log of one second from {@code startMillis}: {@code count} requests of 1 ms. */
    private static Path oneSecondLog(Path file, long startMillis, int count) throws Exception {
        try (java.io.PrintStream out = new java.io.PrintStream(file.toFile())) {
            org.HdrHistogram.HistogramLogWriter w = new org.HdrHistogram.HistogramLogWriter(out);
            w.outputLogFormatVersion();
            w.outputStartTime(startMillis);
            w.setBaseTime(startMillis);
            w.outputBaseTime(startMillis);
            w.outputLegend();
            Histogram h = new Histogram(3);
            h.recordValueWithCount(1_000_000, count);
            h.setStartTimeStamp(startMillis);
            h.setEndTimeStamp(startMillis + 1000);
            h.setTag("host");
            w.outputIntervalHistogram(h);
        }
        return file;
    }

    private static Run report(String... args) {
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        all[0] = "bench";
        all[1] = "report";
        System.arraycopy(args, 0, all, 2, args.length);
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    @Test
    void reportRefusesRunsMadeOneAfterAnotherUnlessSequential() throws Exception {
        long t = 1_790_000_000_000L;
        Path a = oneSecondLog(dir.resolve("a.hlog"), t, 1000);
        Path later = oneSecondLog(dir.resolve("later.hlog"), t + 5000, 3000);
        Path together = oneSecondLog(dir.resolve("together.hlog"), t + 500, 3000);
        // Runs one after another are not one load: 4,000 requests in 6 s would be a made-up rate.
        Run refused = report(a.toString(), later.toString());
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err().strip().lines()).singleElement().asString()
                .startsWith("tlsecho: the logs do not overlap in time (a.hlog ").contains("--sequential");
        assertThat(refused.out()).isEmpty();
        // Asked for: each over its own second.
        Path json = dir.resolve("sequential.json");
        Run sequential = report(a.toString(), later.toString(), "--sequential", "--json", json.toString());
        assertThat(sequential.exitCode()).as(sequential.err()).isZero();
        Map<String, Object> m = JsonText.object(Files.readString(json));
        assertThat(JsonText.number(m, "requests")).isEqualTo(4000);
        assertThat(JsonText.number(m, "rps")).isEqualTo(2000);
        assertThat(m.get("sequential")).isEqualTo(true);
        assertThat(sequential.out()).contains("  requests     4,000 (2,000.0/s, runs one after another: over the time each ran)");
        // Runs that overlap need no flag: one load over their span.
        Run concurrent = report(a.toString(), together.toString());
        assertThat(concurrent.exitCode()).as(concurrent.err()).isZero();
        assertThat(concurrent.out()).contains("  requests     4,000 (2,666.7/s, all logs together)");
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
        // Each names the option typed and what it accepts; 0 where 0 has no meaning is refused like any other.
        Map<String, String> usage = new java.util.LinkedHashMap<>();
        usage.put("--rate -5", "--rate: -5 (expected: > 0 requests per second; leave --rate out for the closed model)");
        usage.put("--rate 0", "--rate: 0 (expected: > 0 requests per second; leave --rate out for the closed model)");
        usage.put("--mode idle --rate 10", "--rate: 10.0 (expected: pingpong, session or handshake mode, not idle)");
        usage.put("--requests -1", "--requests: -1 (expected: >= 0 (0: no limit))");
        usage.put("--duration 0", "--duration: 0 (expected: > 0)");
        usage.put("--connections 0", "--connections: 0 (expected: >= 1)");
        usage.put("--size -3", "--size: -3 (expected: >= 1)");
        usage.put("--size 0", "--size: 0 (expected: >= 1)");
        usage.put("--mode idle --hdr-log " + dir.resolve("idle.hlog"), "--hdr-log: " + dir.resolve("idle.hlog")
                + " (expected: pingpong, session or handshake mode, not idle)");
        usage.put("--plain --mode handshake", "--plain: true (expected: a mode other than handshake, which measures TLS)");
        usage.put("--mode pingpong --resume", "--resume: true (expected: session or handshake mode, not pingpong)");
        for (Map.Entry<String, String> e : usage.entrySet()) {
            Run r = bench(server.port(), e.getKey().split(" "));
            assertThat(r.exitCode()).as(e.getKey() + "\n" + r.err()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines()).as(r.err()).containsExactly("tlsecho: " + e.getValue());
            assertThat(r.out()).isEmpty();
        }
        // A log that cannot be written fails before any load.
        Run r = bench(server.port(), "--hdr-log", dir.resolve("no/such/dir/run.hlog").toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FILE);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }
}
