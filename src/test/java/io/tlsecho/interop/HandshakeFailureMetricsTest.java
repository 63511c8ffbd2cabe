package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.AdminServer;
import io.tlsecho.server.AdminTestSupport;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.HandshakeFailure;
import io.tlsecho.tls.TlsOptions;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real clients failing their handshakes in known ways, each counted under its own reason in the metrics. */
class HandshakeFailureMetricsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void eachFailureIsCountedUnderItsReason() throws Exception {
        HeldCertificate ca = HeldCertificate.builder().commonName("test CA").certificateAuthority(true).build();
        HeldCertificate leaf = HeldCertificate.builder().commonName("localhost").addSubjectAlternativeName("127.0.0.1")
                .signedBy(ca).build();
        Interop.write(ca, dir, "ca");
        String openssl = PeerTools.require("openssl").toString();
        try (EchoServer server = EchoServer.start(EchoServer.builder(leaf).host("127.0.0.1").port(0)
                .tls(TlsOptions.defaults().withProtocols(List.of("TLSv1.2")))
                .handshakeTimeout(Duration.ofMillis(500)).build());
             AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), server)) {
            String target = "127.0.0.1:" + server.port();
            // TLS 1.3 only, against a TLS 1.2 server.
            Interop.feed(dir, Interop.HELLO_NUL, List.of(openssl, "s_client", "-connect", target, "-tls1_3", "-quiet"));
            // A client that does not trust the server's CA aborts with an unknown_ca alert.
            Interop.feed(dir, Interop.HELLO_NUL, List.of(openssl, "s_client", "-connect", target, "-verify_return_error",
                    "-CApath", dir.toString(), "-quiet"));
            // One that does, for contrast: served.
            RunningProcess ok = Interop.feed(dir, Interop.HELLO_NUL, List.of(openssl, "s_client", "-connect", target,
                    "-CAfile", "ca.crt", "-verify_return_error", "-quiet"));
            assertThat(ok.stdout()).as(ok::describe).isEqualTo("hello");
            // Silent: the handshake timeout.
            try (Socket silent = new Socket("127.0.0.1", server.port())) {
                silent.setSoTimeout(20_000);
                silent.getInputStream().readAllBytes();
            }

            AdminTestSupport.await("three failures", () -> server.stats().handshakeFailures() == 3);
            Map<String, Double> m = AdminTestSupport.samples(AdminTestSupport.get(admin.address(), "/metrics").body());
            assertThat(m).containsEntry(failures(HandshakeFailure.NO_COMMON_PROTOCOL), 1.0)
                    .containsEntry(failures(HandshakeFailure.UNKNOWN_CA), 1.0)
                    .containsEntry(failures(HandshakeFailure.TIMEOUT), 1.0)
                    .containsEntry("tlsecho_handshakes_total{protocol=\"TLSv1.2\",result=\"ok\",resumed=\"false\"}", 1.0)
                    .containsEntry("tlsecho_handshakes_total{protocol=\"none\",result=\"failed\",resumed=\"false\"}", 3.0);
        }
    }

    private static String failures(HandshakeFailure reason) {
        return "tlsecho_handshake_failures_total{reason=\"" + reason.label() + "\"}";
    }
}
