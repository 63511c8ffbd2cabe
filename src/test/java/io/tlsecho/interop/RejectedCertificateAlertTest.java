package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.robust.Fixtures;
import io.tlsecho.server.AdminServer;
import io.tlsecho.server.AdminTestSupport;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.HandshakeFailure;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * OpenSSL's, curl's and Python's TLS 1.3 clients refuse an expired server certificate with a plaintext alert that
 * the server's engine cannot decrypt; the server still names the alert, in its log and its metrics, with either engine.
 */
@Timeout(180)
class RejectedCertificateAlertTest {

    private static final String REJECTED = "handshake failed: the client rejected our certificate: certificate_expired";

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void eachClientsAlertIsNamed(TlsProvider provider) throws Exception {
        HeldCertificate ca = HeldCertificate.builder().commonName("alert test CA").certificateAuthority(true).build();
        HeldCertificate expired = HeldCertificate.builder().commonName("127.0.0.1").addSubjectAlternativeName("127.0.0.1")
                .notBefore(Instant.now().minus(Duration.ofDays(10))).notAfter(Instant.now().minus(Duration.ofDays(1)))
                .signedBy(ca).build();
        Interop.write(ca, dir, "ca");
        String openssl = PeerTools.require("openssl").toString();
        String curl = PeerTools.require("curl").toString();
        String python = PeerTools.require("python3").toString();
        try (Fixtures.LogCapture log = new Fixtures.LogCapture("echo");
             EchoServer server = EchoServer.start(EchoServer.builder(expired).host("127.0.0.1").port(0)
                     .tls(TlsOptions.defaults().withProvider(provider).withProtocols(List.of("TLSv1.3"))).build());
             AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), server)) {
            String port = String.valueOf(server.port());
            List<List<String>> clients = List.of(
                    List.of(openssl, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3", "-CAfile", "ca.crt",
                            "-verify_return_error", "-quiet"),
                    List.of(curl, "--silent", "--tlsv1.3", "--cacert", "ca.crt", "https://127.0.0.1:" + port + "/"),
                    List.of(python, "-c", "import socket, ssl, sys\n"
                            + "c = ssl.create_default_context(cafile='ca.crt')\n"
                            + "c.minimum_version = ssl.TLSVersion.TLSv1_3\n"
                            + "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
                            + "c.wrap_socket(s, server_hostname='127.0.0.1')\n", port));
            for (int i = 0; i < clients.size(); i++) {
                RunningProcess client = Interop.feed(dir, Interop.HELLO_NUL, clients.get(i));
                assertThat(client.process().exitValue()).as(client::describe).isNotZero();
                int failures = i + 1;
                AdminTestSupport.await(failures + " failures", () -> server.stats().handshakeFailures() == failures);
            }

            assertThat(log.warnings()).as("the server's log").filteredOn(m -> m.contains("handshake failed"))
                    .containsExactly(REJECTED, REJECTED, REJECTED);
            Map<String, Double> m = AdminTestSupport.samples(AdminTestSupport.get(admin.address(), "/metrics").body());
            assertThat(m).containsEntry("tlsecho_handshake_failures_total{reason=\""
                    + HandshakeFailure.BAD_CERTIFICATE.label() + "\"}", 3.0);
        }
    }
}
