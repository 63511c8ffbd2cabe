package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoException;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java client against servers that are not tlsecho. Neither {@code openssl s_server} nor
 * {@code gnutls-serv --echo} speaks the NUL protocol (s_server relays its stdin; gnutls-serv
 * echoes lines and never closes), so the echo server here is OpenSSL through socat (and ncat)
 * running a tiny Python program that copies stdin to stdout up to the NUL and exits; socat then
 * closes with close_notify. s_server is used where its own behaviour is the point: a client
 * certificate it verifies, and a TLS 1.2-only configuration. gnutls-serv is not used.
 */
@Timeout(60)
class OpenSslServerInteropTest {

    /** Copies stdin to stdout until the first NUL, unbuffered, then exits. */
    private static final String ECHO_PY = String.join("\n",
            "import os",
            "while True:",
            "    data = os.read(0, 128)",
            "    if not data:",
            "        break",
            "    nul = data.find(b'\\0')",
            "    os.write(1, data if nul < 0 else data[:nul])",
            "    if nul >= 0:",
            "        break",
            "");
    private static final Pattern SOCAT_LISTENING = Pattern.compile("listening on .*:(\\d+)\\s*$");
    private static final Pattern S_SERVER_ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void javaClientAgainstSocatOpenSslEcho(TlsProvider provider) throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        Files.writeString(dir.resolve("echo.py"), ECHO_PY);
        try (RunningProcess socat = RunningProcess.start(cmd(PeerTools.require("socat"), "-d", "-d",
                "OPENSSL-LISTEN:0,bind=127.0.0.1,reuseaddr,fork,cert=server.crt,key=server.key,verify=0",
                "EXEC:" + PeerTools.debianPython() + " echo.py"), dir, Map.of())) {
            int port = Interop.portFrom(socat, SOCAT_LISTENING);
            for (List<String> parts : List.of(List.of("hello"), List.of("This is the message. ", "It will be sent ", "in parts."))) {
                EchoResult r = exchange(port, List.of(cert.certificate()), null, provider, parts);
                assertThat(r.matches()).as(r.mismatch() + "\n" + socat.describe()).isTrue();
                assertThat(CertificateInfo.of(r.session().peerChain().get(0)).subject()).contains("CN=localhost");
            }
            // The CLI too, verifying the name (the IP SAN 127.0.0.1).
            Interop.CliRun cli = Interop.cli("client", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--cafile", dir.resolve("server.crt").toString(), "--provider", provider.name().toLowerCase(java.util.Locale.ROOT),
                    "-q", "hello", "world");
            assertThat(cli.exitCode()).as(cli::toString).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void cipherNamedTheOpenSslWayAgainstATls12OnlySocat(TlsProvider provider) throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        Files.writeString(dir.resolve("echo.py"), ECHO_PY);
        try (RunningProcess socat = RunningProcess.start(cmd(PeerTools.require("socat"), "-d", "-d",
                "OPENSSL-LISTEN:0,bind=127.0.0.1,reuseaddr,fork,cert=server.crt,key=server.key,verify=0,"
                        + "openssl-max-proto-version=TLS1.2,cipher=ECDHE-ECDSA-AES128-GCM-SHA256",
                "EXEC:" + PeerTools.debianPython() + " echo.py"), dir, Map.of())) {
            int port = Interop.portFrom(socat, SOCAT_LISTENING);
            // README: --ciphers takes OpenSSL or IANA names, whatever the engine.
            for (String name : List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")) {
                Interop.CliRun cli = Interop.cli("client", "--host", "127.0.0.1", "--port", Integer.toString(port),
                        "--cafile", dir.resolve("server.crt").toString(), "--tls-version", "1.2", "--ciphers", name,
                        "--provider", provider.name().toLowerCase(java.util.Locale.ROOT), "--json", "-q", "hello");
                assertThat(cli.exitCode()).as(cli + "\n" + socat.describe()).isZero();
                assertThat(cli.out()).contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").contains("TLSv1.2");
            }
        }
    }

    @Test
    void javaClientAgainstNcatSslEcho() throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        Files.writeString(dir.resolve("echo.py"), ECHO_PY);
        int port = Interop.freePort();
        try (RunningProcess ncat = RunningProcess.start(cmd(PeerTools.require("ncat"), "-v", "--ssl",
                "--ssl-cert", "server.crt", "--ssl-key", "server.key", "-l", "127.0.0.1", port, "--keep-open",
                "--sh-exec", PeerTools.debianPython() + " echo.py"), dir, Map.of())) {
            ncat.waitForLine(Pattern.compile("Listening on"), WAIT);
            EchoResult r = exchange(port, List.of(cert.certificate()), null, TlsProvider.auto(), List.of("hello"));
            assertThat(r.matches()).as(r.mismatch() + "\n" + ncat.describe()).isTrue();
        }
    }

    @Test
    void clientCertificateVerifiedByOpenSslServer() throws Exception {
        HeldCertificate ca = HeldCertificate.builder().commonName("interop CA").certificateAuthority(true).build();
        HeldCertificate serverCert = HeldCertificate.builder().commonName("localhost").signedBy(ca)
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
        HeldCertificate alice = HeldCertificate.builder().commonName("alice").signedBy(ca).clientAuth(true).build();
        Interop.write(ca, dir, "ca");
        Interop.write(serverCert, dir, "server");
        try (RunningProcess sServer = RunningProcess.start(cmd(PeerTools.require("openssl"), "s_server",
                "-accept", "127.0.0.1:0", "-cert", "server.crt", "-key", "server.key",
                "-Verify", "1", "-verify_return_error", "-CAfile", "ca.crt", "-naccept", "1"), dir, Map.of())) {
            int port = Integer.parseInt(awaitStdout(sServer, S_SERVER_ACCEPT).group(1));
            ByteArrayOutputStream echo = new ByteArrayOutputStream();
            CompletableFuture<Exception> result = CompletableFuture.supplyAsync(() -> {
                try (EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(port)
                        .trust(List.of(ca.certificate()), "test").verifyHostname(true).certificate(alice).build())) {
                    client.stream(new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)), echo);
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            // s_server writes what the client sent to stdout; answer by hand through its stdin, then
            // "Q" alone in a read: s_server closes its socket, then exits (no close_notify).
            awaitStdout(sServer, Pattern.compile("hello\u0000"));
            OutputStream in = sServer.stdin();
            in.write("hello".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            Thread.sleep(500);
            in.write("Q\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            // The echo arrived whole, then the stream was cut without close_notify: openssl s_client says
            // "unexpected eof while reading" here, and tlsecho's client reports the truncation.
            Exception e = result.get(30, TimeUnit.SECONDS);
            assertThat(e).as(sServer::describe).isInstanceOf(EchoException.class)
                    .hasMessageEndingWith("closed the connection without TLS close_notify: the echo may be truncated");
            assertThat(((EchoException) e).kind()).isEqualTo(Failures.Kind.TRUNCATED);
            assertThat(echo.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(sServer.awaitExit(WAIT)).as(sServer::describe).isZero();
            assertThat(sServer.stderr()).as(sServer::describe).contains("depth=0 CN = alice");
        }
    }

    @Test
    void tls13OnlyClientAgainstTls12OnlyServerExits17() throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        try (RunningProcess sServer = RunningProcess.start(cmd(PeerTools.require("openssl"), "s_server",
                "-accept", "127.0.0.1:0", "-cert", "server.crt", "-key", "server.key",
                "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"), dir, Map.of())) {
            int port = Integer.parseInt(awaitStdout(sServer, S_SERVER_ACCEPT).group(1));
            for (String provider : List.of("openssl", "jdk")) {
                Interop.CliRun v13 = Interop.cli("client", "--host", "127.0.0.1", "--port", Integer.toString(port),
                        "--cafile", dir.resolve("server.crt").toString(), "--tls-version", "1.3", "--provider", provider, "-q");
                assertThat(v13.exitCode()).as(provider + ": " + v13).isEqualTo(17);
                assertThat(v13.err().strip()).as(v13::toString).doesNotContain("\n")
                        .startsWith("tlsecho: ").contains("no TLS version or cipher suite in common");

                // No cipher suite in common under TLS 1.2: OpenSSL answers with a bare handshake_failure
                // alert (it sends the same for other refusals, e.g. a missing client certificate), so
                // the client can only report the alert: exit 15, naming it.
                Interop.CliRun cipher = Interop.cli("client", "--host", "127.0.0.1", "--port", Integer.toString(port),
                        "--cafile", dir.resolve("server.crt").toString(), "--tls-version", "1.2",
                        "--ciphers", "ECDHE-ECDSA-CHACHA20-POLY1305", "--provider", provider, "-q");
                assertThat(cipher.exitCode()).as(provider + ": " + cipher).isEqualTo(15);
                assertThat(cipher.err().strip()).as(cipher::toString).doesNotContain("\n").contains("handshake_failure");
            }
        }
    }

    private static EchoResult exchange(int port, List<X509Certificate> trust, HeldCertificate certificate, TlsProvider provider,
                                       List<String> parts) throws Exception {
        try (EchoClient client = EchoClient.create(EchoClientConfig.builder()
                .host("127.0.0.1").port(port).trust(trust, "test").verifyHostname(true).certificate(certificate)
                .tls(TlsOptions.defaults().withProvider(provider)).build())) {
            return client.exchange(parts.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        }
    }

    /** Polls a process's stdout (s_server announces its port there) for {@code pattern}. */
    private static Matcher awaitStdout(RunningProcess p, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(p.stdout());
            if (m.find()) {
                return m;
            }
            if (!p.process().isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no /" + pattern + "/ on stdout: " + p.describe());
    }
}
