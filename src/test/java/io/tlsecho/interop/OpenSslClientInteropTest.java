package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.HELLO_NUL;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.ClientAuth;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code openssl s_client} against the Java server: exact echo, both versions, ALPN, SNI, mutual TLS, TLS 1.1 refused. */
@Timeout(60)
class OpenSslClientInteropTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-tls1_2, TLSv1.2", "-tls1_3, TLSv1.3"})
    void echoesExactlyWithEachVersion(String flag, String protocol) {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        try (EchoServer server = Interop.server(cert, b -> b)) {
            RunningProcess client = sClient(server.port(), "server.crt", flag, "-brief", "-verify_hostname", "localhost");
            assertThat(client.process().exitValue()).as(client::describe).isZero();
            assertThat(client.stdoutBytes()).as(client::describe).isEqualTo("hello".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.stderr()).contains("Protocol version: " + protocol).contains("Verification: OK");
        }
    }

    @Test
    void binaryBytesAreEchoedExactly() {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        byte[] message = new byte[3000];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) (1 + i % 255);  // every byte value but NUL
        }
        byte[] input = new byte[message.length + 1];
        System.arraycopy(message, 0, input, 0, message.length);
        try (EchoServer server = Interop.server(cert, b -> b);
             RunningProcess client = Interop.feed(dir, input, sClientCommand(server.port(), "server.crt", "-quiet"))) {
            assertThat(client.process().exitValue()).as(client::describe).isZero();
            assertThat(client.stdoutBytes()).isEqualTo(message);
        }
    }

    @Test
    void alpnEchoIsNegotiated() {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        try (EchoServer server = Interop.server(cert,
                b -> b.tls(TlsOptions.defaults().withAlpn(List.of("echo"))))) {
            RunningProcess client = sClient(server.port(), "server.crt", "-alpn", "echo");
            assertThat(client.process().exitValue()).as(client::describe).isZero();
            assertThat(client.stdout()).as(client::describe).contains("ALPN protocol: echo").contains("---\nhello");
        }
    }

    @Test
    void sniSelectsTheNamedCertificate() {
        HeldCertificate fallback = Interop.localhostCert("default.example");
        HeldCertificate a = HeldCertificate.builder().commonName("a.example").addSubjectAlternativeName("a.example").build();
        Interop.write(fallback, dir, "default");
        Interop.write(a, dir, "a");
        try (EchoServer server = Interop.server(fallback, b -> b.sni("a.example", a))) {
            RunningProcess named = sClient(server.port(), "a.crt", "-servername", "a.example", "-showcerts",
                    "-verify_hostname", "a.example");
            assertThat(named.process().exitValue()).as(named::describe).isZero();
            assertThat(named.stdout()).as(named::describe).contains("---\nhello");
            List<X509Certificate> presented = Interop.pemCertificates(named.stdout());
            assertThat(presented).isNotEmpty();
            assertThat(presented.get(0)).isEqualTo(a.certificate());

            RunningProcess unnamed = sClient(server.port(), "default.crt", "-noservername", "-showcerts");
            assertThat(unnamed.process().exitValue()).as(unnamed::describe).isZero();
            assertThat(Interop.pemCertificates(unnamed.stdout()).get(0)).isEqualTo(fallback.certificate());
        }
    }

    @Test
    void mutualTlsWithAClientCertificateAndRefusedWithout() {
        HeldCertificate ca = HeldCertificate.builder().commonName("interop CA").certificateAuthority(true).build();
        HeldCertificate serverCert = HeldCertificate.builder().commonName("localhost").signedBy(ca)
                .addSubjectAlternativeName("localhost").addSubjectAlternativeName("127.0.0.1").build();
        HeldCertificate alice = HeldCertificate.builder().commonName("alice").signedBy(ca).clientAuth(true).build();
        Interop.write(ca, dir, "ca");
        Interop.write(alice, dir, "client");
        try (EchoServer server = Interop.server(serverCert,
                b -> b.clientAuth(ClientAuth.REQUIRE, List.of(ca.certificate())))) {
            RunningProcess withCert = sClient(server.port(), "ca.crt", "-cert", "client.crt", "-key", "client.key", "-quiet");
            assertThat(withCert.process().exitValue()).as(withCert::describe).isZero();
            assertThat(withCert.stdout()).isEqualTo("hello");

            for (String version : List.of("-tls1_2", "-tls1_3")) {
                RunningProcess without = sClient(server.port(), "ca.crt", version, "-quiet");
                assertThat(without.process().exitValue()).as(without::describe).isNotZero();
                assertThat(without.stdout()).doesNotContain("hello");
                // Under TLS 1.3 the certificate_required alert may be lost to the reset the server's
                // close causes (the client has already sent "hello"): an alert or a reset, never the echo.
                assertThat(without.stderr()).as(without::describe).containsPattern("(?i)alert|reset|errno");
            }
        }
    }

    @Test
    void tls11IsRefusedAndTheServerKeepsServing() {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        try (EchoServer server = Interop.server(cert, b -> b)) {
            // SECLEVEL=0 so that OpenSSL 3 really offers TLS 1.1 instead of refusing locally.
            RunningProcess old = sClient(server.port(), "server.crt", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-quiet");
            assertThat(old.process().exitValue()).as(old::describe).isNotZero();
            assertThat(old.stdout()).doesNotContain("hello");
            assertThat(old.stderr()).as(old::describe).contains("protocol version");

            RunningProcess current = sClient(server.port(), "server.crt", "-quiet");
            assertThat(current.process().exitValue()).as(current::describe).isZero();
            assertThat(current.stdout()).isEqualTo("hello");
        }
    }

    /** s_client verifying the chain against {@code cafile}, fed "hello\0" with stdin left open; returns it exited. */
    private RunningProcess sClient(int port, String cafile, String... extra) {
        try (RunningProcess p = Interop.feed(dir, HELLO_NUL, sClientCommand(port, cafile, extra))) {
            return p;
        }
    }

    private static List<String> sClientCommand(int port, String cafile, String... extra) {
        List<String> command = new ArrayList<>(cmd(PeerTools.require("openssl"), "s_client",
                "-connect", "127.0.0.1:" + port, "-CAfile", cafile, "-verify_return_error"));
        command.addAll(List.of(extra));
        return command;
    }
}
