package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.log.Logging;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/** {@code tlsecho client} (and the server's start-up checks): exit codes and one-line errors. */
@Timeout(value = 30, threadMode = ThreadMode.SEPARATE_THREAD)
class ClientCliTest {

    @TempDir
    Path dir;

    private static HeldCertificate certificate(String cn, String... sans) {
        HeldCertificate.Builder b = HeldCertificate.builder().commonName(cn);
        for (String san : sans) {
            b.addSubjectAlternativeName(san);
        }
        return b.build();
    }

    private Path write(HeldCertificate cert, String basename) throws Exception {
        Path crt = dir.resolve(basename + ".crt");
        cert.writeTo(crt, dir.resolve(basename + ".key"), false);
        return crt;
    }

    private static EchoServer serve(HeldCertificate cert) throws Exception {
        return EchoServer.start(EchoServer.builder(cert)
                .host("127.0.0.1").port(0).build());
    }

    private static CliRun client(int port, Path cafile, String... more) {
        String[] args = new String[6 + more.length];
        String[] base = {"client", "--host", "127.0.0.1", "--port", String.valueOf(port), "--cafile=" + cafile};
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return CliRun.of(args);
    }

    private static void assertOneLineError(CliRun run) {
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("tlsecho: ").doesNotContain("\tat ", "Exception");
    }

    @Test
    void seedConversationSucceeds() throws Exception {
        HeldCertificate cert = certificate("localhost", "localhost", "127.0.0.1");
        try (EchoServer server = serve(cert)) {
            CliRun run = client(server.port(), write(cert, "server"));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
            assertThat(run.err()).isEmpty();
            assertThat(server.stats().bytesEchoed()).isEqualTo(46);
        }
    }

    @Test
    void showSessionSaysNoneForWhatWasNotNegotiated() throws Exception {
        HeldCertificate cert = certificate("localhost", "127.0.0.1");
        try (EchoServer server = serve(cert)) {
            CliRun run = client(server.port(), write(cert, "server"), "--provider", "jdk", "--show-session");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).doesNotContain("null")
                    .containsPattern("(?m)^protocol +TLSv1\\.3$")
                    .containsPattern("(?m)^group +none$")
                    .containsPattern("(?m)^alpn +none$")
                    .containsPattern("(?m)^sni +none$")
                    .containsPattern("(?m)^resumed +no$");
        }
    }

    @Test
    void noServerIsConnectionRefused() throws Exception {
        Path cafile = write(certificate("localhost", "127.0.0.1"), "server");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }

        CliRun run = client(port, cafile);

        assertThat(run.exitCode()).isEqualTo(ExitCode.CONNECT);
        assertOneLineError(run);
        assertThat(run.err()).contains("connection refused", "127.0.0.1", String.valueOf(port));
    }

    @Test
    void missingCafileIsNamed() {
        Path missing = dir.resolve("nope.crt");

        CliRun run = client(10000, missing);

        assertThat(run.exitCode()).isEqualTo(ExitCode.FILE);
        assertOneLineError(run);
        assertThat(run.err()).contains(missing.toString());
    }

    @Test
    void serverWithMissingCertificateFailsBeforeListening() {
        Path crt = dir.resolve("nope.crt");
        Path key = dir.resolve("nope.key");

        CliRun run = CliRun.of("server", "--cert", crt.toString(), "--key", key.toString(), "--port", "0");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FILE);
        assertOneLineError(run);
        assertThat(run.err()).contains(crt.toString());
    }

    @Test
    void untrustedCertificateNamesItsIssuerAndTheFix() throws Exception {
        HeldCertificate served = certificate("tlsecho test server", "localhost", "127.0.0.1");
        Path otherCa = write(certificate("some other CA"), "other");
        try (EchoServer server = serve(served)) {
            CliRun run = client(server.port(), otherCa);

            assertThat(run.exitCode()).isEqualTo(ExitCode.UNTRUSTED);
            assertOneLineError(run);
            assertThat(run.err()).contains("not trusted", "CN=tlsecho test server", "--cafile", otherCa.toString());
        }
    }

    @Test
    void hostnameMismatchListsTheCertificatesNames() throws Exception {
        HeldCertificate cert = certificate("other", "other.example");
        Path cafile = write(cert, "server");
        try (EchoServer server = serve(cert)) {
            CliRun run = client(server.port(), cafile);

            assertThat(run.exitCode()).isEqualTo(ExitCode.HOSTNAME);
            assertOneLineError(run);
            assertThat(run.err()).contains("other.example", "--no-verify-hostname");
        }
    }

    @Test
    void hostnameMismatchIsAcceptedWithNoVerifyHostname() throws Exception {
        HeldCertificate cert = certificate("other", "other.example");
        Path cafile = write(cert, "server");
        try (EchoServer server = serve(cert)) {
            CliRun run = client(server.port(), cafile, "--no-verify-hostname");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void unknownOptionIsAUsageErrorWithoutStackTrace() {
        CliRun run = CliRun.of("client", "--no-such-option");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errLines()).hasSizeLessThanOrEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("tlsecho: ").contains("--no-such-option");
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void silentServerIsATimeout() throws Exception {
        HeldCertificate cert = certificate("localhost", "127.0.0.1");
        Path crt = write(cert, "silent");
        // Accepts the connection and never answers the ClientHello.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = client(silent.getLocalPort(), crt, "--timeout", "500ms");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.TIMEOUT);
            assertThat(run.errLines()).hasSize(1);
            assertThat(run.errLines().get(0)).startsWith("tlsecho: ").contains("no answer for 500ms during the handshake")
                    .contains("--timeout");
        }
    }
    @Test
    void timeoutsOfZeroOrLessAreRefusedNamingTheOption() {
        for (String[] args : List.of(new String[] {"--timeout", "-5ms"}, new String[] {"--timeout", "0"},
                new String[] {"--connect-timeout", "-1ms"}, new String[] {"--connect-timeout", "0"})) {
            CliRun run = CliRun.of("client", "--port", "1", args[0], args[1]);

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
            assertThat(run.errLines()).hasSizeLessThanOrEqualTo(2);
            assertThat(run.errLines().get(0)).startsWith("tlsecho: ").contains(args[0], args[1])
                    .doesNotContain("readTimeout", "connectTimeout", "PT");
        }
    }

    @Test
    void aRunThatWentWellSaysSoAtTheEnd() throws Exception {
        HeldCertificate cert = certificate("localhost", "localhost", "127.0.0.1");
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun run;
        try (EchoServer server = serve(cert)) {
            Path crt = write(cert, "server");
            try {
                // The client logs to whatever System.err is when it starts.
                System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
                run = client(server.port(), crt);
            } finally {
                System.setErr(stderr);
                Logging.configure(Logging.Verbosity.NORMAL, System.err, false);
            }
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(log.lines().toList()).last().asString().matches("main: echo matched: 46 bytes in \\d+ ms");
    }
}
