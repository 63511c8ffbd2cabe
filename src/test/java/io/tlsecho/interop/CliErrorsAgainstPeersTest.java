package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.ClientAuth;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and one-line messages of {@code tlsecho client} (in-process) against real misbehaving peers. */
@Timeout(60)
class CliErrorsAgainstPeersTest {

    @TempDir
    Path dir;

    @Test
    void expiredServerCertificateExits14() {
        HeldCertificate ca = HeldCertificate.builder().commonName("interop CA").certificateAuthority(true).build();
        HeldCertificate expired = HeldCertificate.builder().commonName("localhost").signedBy(ca)
                .addSubjectAlternativeName("127.0.0.1")
                .notBefore(Instant.now().minus(Duration.ofDays(10))).validity(Duration.ofDays(1)).build();
        Interop.write(ca, dir, "ca");
        // The library serves whatever it is given; only the CLI checks its own certificate's dates.
        try (EchoServer server = Interop.server(expired, b -> b)) {
            for (String provider : List.of("openssl", "jdk")) {
                Interop.CliRun run = client(server.port(), "--cafile", dir.resolve("ca.crt"), "--provider", provider);
                assertThat(run.exitCode()).as(provider + ": " + run).isEqualTo(14);
                assertThat(run.err()).contains("expired on").contains("CN=localhost");
            }
        }
    }

    @Test
    void plainHttpServerExits16() throws Exception {
        try (ServerSocket http = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                while (!http.isClosed()) {
                    try (Socket s = http.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "plain-http");
            t.setDaemon(true);
            t.start();
            Interop.CliRun run = client(http.getLocalPort(), "--no-verify-hostname");
            assertThat(run.exitCode()).as(run::toString).isEqualTo(16);
            assertThat(run.err()).contains("did not answer with TLS").contains("looks like HTTP");
        }
    }

    @Test
    void missingClientCertificateUnderTls12Exits15() {
        try (EchoServer server = mtlsServer()) {
            for (String provider : List.of("openssl", "jdk")) {
                // TLS 1.2: refused inside the handshake. BoringSSL's alert is a bare handshake_failure.
                Interop.CliRun run = client(server.port(), "--cafile", dir.resolve("ca.crt"), "--provider", provider,
                        "--tls-version", "1.2");
                assertThat(run.exitCode()).as(provider + ": " + run).isEqualTo(15);
                assertThat(run.err()).contains("handshake_failure");
            }
        }
    }

    // The server closes half first and lingers (LingeringClose): the client's early data no longer
    // makes the kernel reset the connection and destroy the alert.
    @Test
    void missingClientCertificateUnderTls13Exits15() {
        try (EchoServer server = mtlsServer()) {
            for (int i = 0; i < 10; i++) {
                for (String provider : List.of("openssl", "jdk")) {
                    Interop.CliRun run = client(server.port(), "--cafile", dir.resolve("ca.crt"), "--provider", provider);
                    assertThat(run.exitCode()).as(provider + ": " + run).isEqualTo(15);
                    assertThat(run.err()).contains("requires a client certificate");
                }
            }
        }
    }

    private EchoServer mtlsServer() {
        HeldCertificate ca = HeldCertificate.builder().commonName("interop CA").certificateAuthority(true).build();
        HeldCertificate serverCert = HeldCertificate.builder().commonName("localhost").signedBy(ca)
                .addSubjectAlternativeName("127.0.0.1").build();
        Interop.write(ca, dir, "ca");
        return Interop.server(serverCert, b -> b.clientAuth(ClientAuth.REQUIRE, List.of(ca.certificate())));
    }

    @Test
    void unknownIssuerExits12NamingIt() {
        HeldCertificate ca = HeldCertificate.builder().commonName("Unknown Interop CA").certificateAuthority(true).build();
        HeldCertificate serverCert = HeldCertificate.builder().commonName("localhost").signedBy(ca)
                .addSubjectAlternativeName("127.0.0.1").build();
        HeldCertificate other = Interop.localhostCert("some other cert");
        Interop.write(other, dir, "other");
        try (EchoServer server = Interop.server(serverCert, b -> b)) {
            Interop.CliRun run = client(server.port(), "--cafile", dir.resolve("other.crt"));
            assertThat(run.exitCode()).as(run::toString).isEqualTo(12);
            assertThat(run.err()).contains("CN=Unknown Interop CA").contains("--cafile");
        }
    }

    @Test
    void hostnameMismatchExits13ListingTheNames() {
        HeldCertificate cert = HeldCertificate.builder().commonName("a.example")
                .addSubjectAlternativeName("a.example").addSubjectAlternativeName("b.example").build();
        Interop.write(cert, dir, "server");
        try (EchoServer server = Interop.server(cert, b -> b)) {
            Interop.CliRun run = client(server.port(), "--cafile", dir.resolve("server.crt"));
            assertThat(run.exitCode()).as(run::toString).isEqualTo(13);
            assertThat(run.err()).contains("a.example").contains("b.example").contains("--no-verify-hostname");

            Interop.CliRun relaxed = client(server.port(), "--cafile", dir.resolve("server.crt"), "--no-verify-hostname");
            assertThat(relaxed.exitCode()).as(relaxed::toString).isZero();
        }
    }

    @Test
    void serverLogsPlainTextAsNotSpeakingTls() throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        try (RunningProcess server = RunningProcess.start(cmd(java, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main", "server", "--host", "127.0.0.1",
                "--port", 0, "--cert", "server.crt", "--key", "server.key"), dir, Map.of())) {
            int port = Interop.portFrom(server, Pattern.compile("^main: starting up on \\S+ port (\\d+)$"));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // until the server closes
                }
            }
            server.waitForLine(Pattern.compile("is not speaking TLS \\(looks like HTTP\\)"), WAIT);

            // and it still serves TLS
            Interop.CliRun ok = client(port, "--cafile", dir.resolve("server.crt"));
            assertThat(ok.exitCode()).as(ok::toString).isZero();

            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
            assertThat(server.stderr()).contains("main: closing event loop");
        }
    }

    private static Interop.CliRun client(int port, Object... extra) {
        List<String> args = new java.util.ArrayList<>(cmd("client", "--host", "127.0.0.1", "--port", port,
                "--connect-timeout", "5s", "--timeout", "10s", "-q"));
        args.addAll(cmd(extra));
        Interop.CliRun run = Interop.cli(args.toArray(String[]::new));
        assertThat(run.err().strip()).as("one line: " + run).doesNotContain("\n");
        return run;
    }
}
