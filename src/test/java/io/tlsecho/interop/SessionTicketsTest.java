package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.HELLO_NUL;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.bench.JsonText;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 session tickets leave with the end of the handshake, so a client that handshakes and
 * then sends nothing can still resume: tlsecho's own handshake-only load and {@code openssl s_client}.
 */
@Timeout(120)
class SessionTicketsTest {

    private static final String SESSION_END = "-----END SSL SESSION PARAMETERS-----";

    @TempDir
    Path dir;

    @Test
    void benchHandshakeModeResumesNineInTenAgainstOurServer() throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        try (EchoServer server = Interop.server(cert, b -> b)) {
            Path json = dir.resolve("bench.json");
            // One connection at a time: only the first handshake has no ticket to offer.
            Interop.CliRun run = Interop.cli("bench", "--mode", "handshake", "--resume", "--tls-version", "1.3",
                    "--host", "127.0.0.1", "--port", Integer.toString(server.port()),
                    "--cafile", dir.resolve("server.crt").toString(), "--connections", "1", "--threads", "1",
                    "--requests", "40", "--duration", "60s", "-q", "--json", json.toString());
            assertThat(run.exitCode()).as(run::toString).isZero();
            Map<String, Object> r = JsonText.object(Files.readString(json));
            Map<String, Object> handshakes = JsonText.object(r, "handshakes");
            assertThat(JsonText.object(JsonText.object(r, "negotiated"), "protocols")).containsOnlyKeys("TLSv1.3");
            double resumed = JsonText.number(handshakes, "resumed");
            double full = JsonText.number(handshakes, "full");
            assertThat(resumed + full).isGreaterThanOrEqualTo(40);
            assertThat(JsonText.number(handshakes, "resumed_fraction")).as(run::toString)
                    .isEqualTo(resumed / (resumed + full)).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void anOpenSslClientThatSendsNothingGetsTicketsAndResumes() throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        try (EchoServer server = Interop.server(cert, b -> b)) {
            // Connects, handshakes and waits with stdin open: the server has nothing to echo, yet sends its tickets.
            try (RunningProcess silent = RunningProcess.start(sClient(server.port(), "-sess_out", "session.pem"),
                    dir, Map.of())) {
                // s_client writes the file when a ticket arrives (its stdout, a pipe, is only flushed at exit).
                awaitSession(silent, dir.resolve("session.pem"));
                silent.stdin().close();
                silent.awaitExit(Interop.WAIT);
            }
            assertThat(dir.resolve("session.pem")).isNotEmptyFile();

            try (RunningProcess resumed = Interop.feed(dir, HELLO_NUL, sClient(server.port(), "-sess_in", "session.pem"))) {
                assertThat(resumed.process().exitValue()).as(resumed::describe).isZero();
                assertThat(resumed.stdout()).as(resumed::describe).contains("Reused, TLSv1.3").contains("---\nhello");
            }
        }
    }

    private static List<String> sClient(int port, String... more) {
        List<String> command = new java.util.ArrayList<>(cmd(PeerTools.require("openssl"), "s_client", "-tls1_3",
                "-connect", "127.0.0.1:" + port, "-CAfile", "server.crt", "-verify_return_error"));
        command.addAll(List.of(more));
        return command;
    }

    /** Waits, up to {@link Interop#WAIT}, for {@code p} to have written a whole session to {@code file}. */
    private static void awaitSession(RunningProcess p, Path file) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        while (!(Files.exists(file) && Files.readString(file).contains(SESSION_END))) {
            if (System.nanoTime() > deadline || !p.process().isAlive()) {
                throw new AssertionError("no session ticket reached s_client: " + p.describe());
            }
            Thread.sleep(20);
        }
    }
}
