package io.tlsecho.cli;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.RunningProcess;
import io.tlsecho.pki.HeldCertificate;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server --plain} has no TLS: it makes, reads and logs no key. TLS settings the engine refuses are refused
 * before any file is written, naming the value. Each server runs as a child in a temporary directory, where the
 * default pair would be written.
 */
@Timeout(120)
class ServerPlainAndTlsOptionsCliTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern STARTED = Pattern.compile("^main: starting up on \\S+ port (\\d+)$");

    @TempDir
    Path dir;

    @Test
    void plainMakesNoKeysAndOpensNoKeyLog() throws Exception {
        Path keyLog = dir.resolve("keys.log");
        try (RunningProcess server = tlsecho(Map.of("SSLKEYLOGFILE", keyLog.toString()), "server", "--plain")) {
            int port = Integer.parseInt(server.waitForLine(STARTED, WAIT).group(1));
            assertThat(echo(port, "in the clear")).isEqualTo("in the clear");
            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
            assertThat(server.stderr()).doesNotContain("generated").doesNotContain("TLS keys");
        }
        assertThat(dir.resolve("tlsecho.crt")).doesNotExist();
        assertThat(dir.resolve("tlsecho.key")).doesNotExist();
        assertThat(keyLog).doesNotExist();
    }

    @Test
    void plainStartsBesideAnExpiredDefaultPairItNeverReads() throws Exception {
        HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1")
                .notBefore(Instant.now().minus(Duration.ofDays(10))).notAfter(Instant.now().minus(Duration.ofDays(1)))
                .build().writeTo(dir.resolve("tlsecho.crt"), dir.resolve("tlsecho.key"), false);
        try (RunningProcess server = tlsecho(Map.of(), "server", "--plain")) {
            int port = Integer.parseInt(server.waitForLine(STARTED, WAIT).group(1));
            assertThat(echo(port, "still plain")).isEqualTo("still plain");
            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
        }
    }

    @Test
    void plainRefusesTlsOptions() {
        CliRun run = CliRun.server("--plain", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--plain: no TLS, so --ciphers has nothing to configure");
    }

    @Test
    void unknownCipherIsAUsageErrorBeforeAnyFileIsWritten() {
        try (RunningProcess server = tlsecho(Map.of(), "server", "--ciphers", "FOO")) {
            assertThat(server.awaitExit(WAIT)).as(server::describe).isEqualTo(ExitCode.USAGE);
            assertThat(server.stderr()).contains("tlsecho: --ciphers: FOO (expected: cipher suites the");
        }
        assertThat(dir.resolve("tlsecho.crt")).doesNotExist();
        assertThat(dir.resolve("tlsecho.key")).doesNotExist();
    }

    @Test
    void unknownGroupIsAUsageErrorBeforeAnyFileIsWritten() {
        try (RunningProcess server = tlsecho(Map.of(), "server", "--groups", "X25519:P-999")) {
            assertThat(server.awaitExit(WAIT)).as(server::describe).isEqualTo(ExitCode.USAGE);
            assertThat(server.stderr()).contains("tlsecho: --groups: P-999 (expected: groups the");
        }
        assertThat(dir.resolve("tlsecho.crt")).doesNotExist();
    }

    @Test
    void badLimitsNameTheOptionAndItsRange() throws Exception {
        Path crt = dir.resolve("s.crt");
        Path key = dir.resolve("s.key");
        CliRun.writeLoopbackCertificate(crt, key);
        CliRun zero = CliRun.server("--cert", crt.toString(), "--key", key.toString(), "--handshake-timeout", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(zero.errLines()).containsExactly("tlsecho: --handshake-timeout: 0 (expected: > 0)");
        CliRun drain = CliRun.server("--cert", crt.toString(), "--key", key.toString(), "--drain-timeout", "-1ms");
        assertThat(drain.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(drain.errLines().get(0)).contains("--drain-timeout").contains("-1ms");
        CliRun threads = CliRun.server("--cert", crt.toString(), "--key", key.toString(), "--threads", "0");
        assertThat(threads.errLines()).containsExactly("tlsecho: --threads: 0 (expected: >= 1)");
    }

    private RunningProcess tlsecho(Map<String, String> env, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.tlsecho.cli.Main"));
        command.addAll(List.of(args));
        command.addAll(List.of("--host", "127.0.0.1", "--port", "0"));
        return RunningProcess.start(command, dir, env);
    }

    private static String echo(int port, String text) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((text + "\0").getBytes(US_ASCII));
            return new String(s.getInputStream().readAllBytes(), US_ASCII);
        }
    }
}
