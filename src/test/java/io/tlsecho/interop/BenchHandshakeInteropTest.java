package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.bench.JsonText;
import io.tlsecho.cli.ExitCode;
import io.tlsecho.pki.HeldCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --mode handshake} against TLS servers that are not echo servers: {@code openssl
 * s_server} (which relays its stdin, kept open here, and closes on close_notify) and the Go peer.
 */
@Timeout(180)
class BenchHandshakeInteropTest {

    private static final Pattern S_SERVER_ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");

    @TempDir
    static Path dir;
    static HeldCertificate cert;

    @BeforeAll
    static void certificate() {
        cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
    }

    @Test
    void handshakesAgainstOpenSslServer() throws Exception {
        try (RunningProcess s = sServer()) {
            Map<String, Object> r = bench(port(s), 0, "--requests", "40");
            assertThat(r.get("failed")).isEqualTo(false);
            assertThat(number(r, "requests")).isEqualTo(40);
            assertThat(number(r, "errors")).isZero();
            Map<String, Object> hs = object(r, "handshakes");
            assertThat(number(hs, "resumed")).isZero();
            // Every handshake is counted once by protocol, cipher and group.
            double handshakes = number(hs, "full");
            for (String by : List.of("protocols", "ciphers", "groups")) {
                assertThat(object(object(r, "negotiated"), by).values().stream().mapToDouble(v -> (Double) v).sum())
                        .as(by).isEqualTo(handshakes);
            }
            assertThat(object(object(r, "negotiated"), "protocols")).containsOnlyKeys("TLSv1.3");
        }
    }

    @Test
    void resumesWithOpenSslServerInTls13AndTls12() throws Exception {
        try (RunningProcess s = sServer()) {
            for (String version : List.of("1.3", "1.2")) {
                Map<String, Object> r = bench(port(s), 0, "--requests", "40", "--resume", "--tls-version", version);
                assertThat(r.get("failed")).as(version).isEqualTo(false);
                assertThat(object(object(r, "negotiated"), "protocols")).containsOnlyKeys("TLSv1." + version.charAt(2));
                Map<String, Object> hs = object(r, "handshakes");
                double full = number(hs, "full");
                double resumed = number(hs, "resumed");
                assertThat(resumed).as(version).isPositive();
                assertThat(number(hs, "resumed_fraction")).isEqualTo(resumed / (full + resumed));
            }
        }
    }

    @Test
    void failsWhenTheServerNeverResumes() throws Exception {
        // No TLS 1.3 tickets, no TLS 1.2 tickets, no session cache: nothing can resume.
        try (RunningProcess s = sServer("-num_tickets", "0", "-no_ticket", "-no_cache")) {
            Map<String, Object> r = bench(port(s), ExitCode.BENCH_ERRORS, "--requests", "20", "--resume");
            assertThat(r.get("failed")).isEqualTo(true);
            assertThat(number(r, "errors")).isZero();
            Map<String, Object> hs = object(r, "handshakes");
            assertThat(number(hs, "resumed")).isZero();
            assertThat(number(hs, "resumed_fraction")).isZero();
            assertThat(number(hs, "full")).isGreaterThan(2);
        }
    }

    @Test
    void handshakesAtARateAgainstOpenSslServer() throws Exception {
        try (RunningProcess s = sServer()) {
            Map<String, Object> r = bench(port(s), 0, "--rate", "20", "--warmup", "2s", "--duration", "3s");
            assertThat(r.get("failed")).isEqualTo(false);
            assertThat(number(r, "target_rps")).isEqualTo(20);
            assertThat(number(r, "requests")).isPositive()
                    .isLessThanOrEqualTo(Math.ceil(20 * number(r, "measured_s")) + 2);
            assertThat(number(object(r, "latency_uncorrected_us"), "count")).isEqualTo(number(r, "requests"));
        }
    }

    @Test
    void resumesWithGoServerAtARate() throws Exception {
        Path echo = Interop.goEcho(dir);
        try (RunningProcess go = RunningProcess.start(List.of(echo.toString(), "server", "-addr", "127.0.0.1:0",
                "-cert", dir.resolve("server.crt").toString(), "-key", dir.resolve("server.key").toString()), dir, Map.of())) {
            int port = Interop.portFrom(go, Pattern.compile("listening on (\\d+)"));
            Map<String, Object> r = bench(port, 0, "--requests", "40", "--resume");
            assertThat(r.get("failed")).isEqualTo(false);
            assertThat(number(object(r, "handshakes"), "resumed")).isPositive();
            assertThat(object(object(r, "negotiated"), "protocols")).containsOnlyKeys("TLSv1.3");

            Map<String, Object> rated = bench(port, 0, "--rate", "20", "--warmup", "2s", "--duration", "3s", "--resume");
            assertThat(rated.get("failed")).isEqualTo(false);
            assertThat(number(rated, "target_rps")).isEqualTo(20);
            assertThat(number(object(rated, "handshakes"), "resumed")).isPositive();
        }
    }

    /** Runs {@code bench --mode handshake} in this JVM (2 connections), expecting {@code exitCode}; returns its JSON report. */
    private static Map<String, Object> bench(int port, int exitCode, String... more) throws Exception {
        Path json = Files.createTempFile(dir, "bench", ".json");
        List<String> args = new ArrayList<>(List.of("bench", "--mode", "handshake", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--cafile", dir.resolve("server.crt").toString(), "--connections", "2",
                "--threads", "2", "-q", "--json", json.toString()));
        args.addAll(List.of(more));
        if (!args.contains("--duration")) {
            // --requests ends it first.
            args.addAll(List.of("--duration", "60s"));
        }
        Interop.CliRun run = Interop.cli(args.toArray(String[]::new));
        assertThat(run.exitCode()).as(run::toString).isEqualTo(exitCode);
        return JsonText.object(Files.readString(json));
    }

    private RunningProcess sServer(String... more) {
        List<String> command = new ArrayList<>(List.of(PeerTools.require("openssl").toString(), "s_server",
                "-accept", "127.0.0.1:0", "-cert", "server.crt", "-key", "server.key"));
        command.addAll(List.of(more));
        return RunningProcess.start(command, dir, Map.of());
    }

    /** s_server announces its port on stdout. */
    private static int port(RunningProcess s) throws InterruptedException {
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        while (System.nanoTime() < deadline && s.process().isAlive()) {
            Matcher m = S_SERVER_ACCEPT.matcher(s.stdout());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no ACCEPT line from s_server: " + s.describe());
    }

    private static double number(Map<String, Object> m, String key) {
        return JsonText.number(m, key);
    }

    private static Map<String, Object> object(Map<String, Object> m, String key) {
        return JsonText.object(m, key);
    }
}
