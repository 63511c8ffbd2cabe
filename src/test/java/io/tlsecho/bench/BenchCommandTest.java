package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.cli.Cli;
import io.tlsecho.interop.PeerTools;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
                "--duration", "2s", "--json", json.toString());
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
        String py = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(py).isZero();
    }

    @Test
    void mismatchExitsWithBenchErrors() throws Exception {
        try (CorruptingEchoServer bad = new CorruptingEchoServer(held)) {
            Run r = bench(bad.port(), "--duration", "500ms", "-q");
            assertThat(r.exitCode()).isEqualTo(io.tlsecho.cli.ExitCode.BENCH_ERRORS);
            assertThat(r.err()).contains("mismatch");
            assertThat(r.err()).doesNotContain("req/s");
        }
    }

    @Test
    void resumeOutsideSessionModeIsAUsageError() throws Exception {
        Run r = bench(server.port(), "--mode", "pingpong", "--resume");
        assertThat(r.exitCode()).isEqualTo(io.tlsecho.cli.ExitCode.USAGE);
        assertThat(r.err()).contains("resume");
    }
}
