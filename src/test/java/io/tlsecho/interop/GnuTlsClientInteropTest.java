package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.HELLO_NUL;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code gnutls-cli} against the Java server. gnutls-cli verifies the host name, so the server has
 * a certificate with SANs. Its informational output goes to {@code --logfile /dev/null}, so stdout
 * carries only the echo; stdin stays open until the server's close ends gnutls-cli (it would
 * otherwise close at stdin EOF, possibly before the echo is back).
 */
@Timeout(60)
class GnuTlsClientInteropTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "localhost, NORMAL",
        "127.0.0.1, NORMAL",
        "localhost, NORMAL:-VERS-ALL:+VERS-TLS1.2",
        "localhost, NORMAL:-VERS-ALL:+VERS-TLS1.3",
    })
    void echoesHello(String host, String priority) {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        try (EchoServer server = Interop.server(cert, b -> b.host("127.0.0.1"))) {
            RunningProcess client = gnutlsCli(server.port(), host, "--priority", priority);
            assertThat(client.process().exitValue()).as(client::describe).isZero();
            assertThat(client.stdout()).as(client::describe).isEqualTo("hello");
        }
    }

    @Test
    void rejectsACertificateThatDoesNotNameTheHost() {
        HeldCertificate cert = HeldCertificate.builder().commonName("elsewhere.example")
                .addSubjectAlternativeName("elsewhere.example").build();
        Interop.write(cert, dir, "server");
        try (EchoServer server = Interop.server(cert, b -> b)) {
            RunningProcess client = gnutlsCli(server.port(), "localhost");
            assertThat(client.process().exitValue()).as(client::describe).isNotZero();
            assertThat(client.stdout()).doesNotContain("hello");

            // and the server still serves a client that asks for the right name
            RunningProcess named = gnutlsCli(server.port(), "127.0.0.1", "--verify-hostname", "elsewhere.example");
            assertThat(named.process().exitValue()).as(named::describe).isZero();
            assertThat(named.stdout()).isEqualTo("hello");
        }
    }

    private RunningProcess gnutlsCli(int port, String host, String... extra) {
        List<String> command = new ArrayList<>(cmd(PeerTools.require("gnutls-cli"), "--logfile", "/dev/null",
                "--x509cafile", "server.crt", "-p", port));
        command.addAll(List.of(extra));
        command.add(host);
        try (RunningProcess p = Interop.feed(dir, HELLO_NUL, command)) {
            return p;
        }
    }
}
