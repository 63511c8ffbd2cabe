package io.tlsecho.server;

import static io.tlsecho.server.AdminTestSupport.await;
import static io.tlsecho.server.AdminTestSupport.converse;
import static io.tlsecho.server.AdminTestSupport.get;
import static io.tlsecho.server.AdminTestSupport.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.pki.HeldCertificate;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin endpoint over real HTTP, in front of a real server with real TLS clients. */
class AdminServerTest {

    private static final HeldCertificate CERT = HeldCertificate.builder()
            .addSubjectAlternativeName("127.0.0.1").build();
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private static EchoServerConfig.Builder server(HeldCertificate cert) {
        return EchoServer.builder(cert).host("127.0.0.1").port(0);
    }

    @Test
    @Timeout(60)
    void metricsCountConnectionsHandshakesAndBytes() throws Exception {
        SSLContext ctx = AdminTestSupport.trusting(CERT);
        try (EchoServer server = EchoServer.start(server(CERT).build());
             AdminServer admin = AdminServer.start(ANY_PORT, server)) {
            int n = 5;
            long sent = 0;
            for (int i = 0; i < n; i++) {
                String message = "message number " + i;
                assertThat(converse(ctx, server.port(), message)).isEqualTo(message);
                sent += message.length();
            }
            await("closes counted", () -> server.stats().closed(CloseReason.NUL) == n);

            HttpResponse<String> r = get(admin.address(), "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            Map<String, Double> m = samples(r.body());
            assertThat(m).containsEntry("tlsecho_connections_accepted_total", (double) n)
                    .containsEntry("tlsecho_connections_open", 0.0)
                    .containsEntry("tlsecho_connections_closed_total{reason=\"nul\"}", (double) n)
                    .containsEntry("tlsecho_connections_closed_total{reason=\"handshake\"}", 0.0)
                    .containsEntry("tlsecho_connections_rejected_total{reason=\"max_connections\"}", 0.0)
                    .containsEntry("tlsecho_handshake_duration_seconds_count", (double) n)
                    .containsEntry("tlsecho_handshakes_in_flight", 0.0)
                    .containsEntry("tlsecho_messages_completed_total", (double) n)
                    .containsEntry("tlsecho_bytes_echoed_total", (double) sent)
                    .containsEntry("tlsecho_bytes_received_total", (double) (sent + n))
                    .containsEntry("tlsecho_certificate_expiry_timestamp_seconds{sni=\"default\",subject=\"CN=localhost\"}",
                            (double) CERT.certificate().getNotAfter().toInstant().getEpochSecond());
            // The JDK client resumes its session on later connections: full and resumed add up to n.
            String full = "tlsecho_handshakes_total{protocol=\"TLSv1.3\",result=\"ok\",resumed=\"false\"}";
            String resumed = "tlsecho_handshakes_total{protocol=\"TLSv1.3\",result=\"ok\",resumed=\"true\"}";
            assertThat(m.get(full)).isGreaterThanOrEqualTo(1.0);
            assertThat(m.get(full) + m.get(resumed)).isEqualTo(n);
            assertThat(m.keySet()).anySatisfy(k -> assertThat(k).startsWith("tlsecho_build_info{"));
            // No label carries a client's address.
            assertThat(r.body()).doesNotContain("127.0.0.1");
        }
    }

    @Test
    @Timeout(60)
    void failedHandshakesAreCountedByReason() throws Exception {
        try (EchoServer server = EchoServer.start(server(CERT).build());
             AdminServer admin = AdminServer.start(ANY_PORT, server)) {
            try (java.net.Socket plain = new java.net.Socket("127.0.0.1", server.port())) {
                OutputStream out = plain.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                plain.getInputStream().readAllBytes();
            }
            await("the close counted", () -> server.stats().closed(CloseReason.HANDSHAKE_FAILED) == 1);
            Map<String, Double> m = samples(get(admin.address(), "/metrics").body());
            assertThat(m).containsEntry("tlsecho_handshake_failures_total{reason=\"not_tls\"}", 1.0)
                    .containsEntry("tlsecho_handshakes_total{protocol=\"none\",result=\"failed\",resumed=\"false\"}", 1.0)
                    .containsEntry("tlsecho_connections_closed_total{reason=\"handshake\"}", 1.0);
        }
    }

    @Test
    @Timeout(60)
    void healthStatusAndUnknownPaths() throws Exception {
        try (EchoServer server = EchoServer.start(server(CERT).build());
             AdminServer admin = AdminServer.start(ANY_PORT, server)) {
            assertThat(get(admin.address(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(admin.address(), "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(admin.address(), "/nothing-here").statusCode()).isEqualTo(404);
            assertThat(get(admin.address(), "/").statusCode()).isEqualTo(404);
            HttpResponse<String> status = get(admin.address(), "/status");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(status.body()).startsWith("{\"version\":")
                    .contains("\"ready\":true", "\"connections\":{\"open\":0",
                            "\"not_after\":\"" + CERT.certificate().getNotAfter().toInstant() + "\"",
                            "\"listening\":[\"127.0.0.1:" + server.port() + "\"]");
        }
    }

    @Test
    @Timeout(60)
    void readyzTurns503WhenTheDrainStartsWhileHealthzStays200() throws Exception {
        SSLContext ctx = AdminTestSupport.trusting(CERT);
        EchoServer server = EchoServer.start(server(CERT).drainTimeout(Duration.ofSeconds(30)).build());
        try (AdminServer admin = AdminServer.start(ANY_PORT, server)) {
            SSLSocket held = AdminTestSupport.connect(ctx, server.port());
            held.getOutputStream().write("half".getBytes(StandardCharsets.US_ASCII));
            held.getOutputStream().flush();
            assertThat(held.getInputStream().readNBytes(4)).asString(StandardCharsets.US_ASCII).isEqualTo("half");
            assertThat(get(admin.address(), "/readyz").statusCode()).isEqualTo(200);

            Thread closing = new Thread(server::close, "closing");
            closing.start();
            await("draining", server::isDraining);
            HttpResponse<String> ready = get(admin.address(), "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("draining\n");
            assertThat(get(admin.address(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(samples(get(admin.address(), "/metrics").body())).containsEntry("tlsecho_ready", 0.0);

            // The open conversation still finishes during the drain.
            held.getOutputStream().write(" done\0".getBytes(StandardCharsets.US_ASCII));
            held.getOutputStream().flush();
            assertThat(held.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo(" done");
            held.close();
            closing.join(20_000);
            assertThat(closing.isAlive()).isFalse();
            assertThat(server.stats().closed(CloseReason.NUL)).isEqualTo(1);
        } finally {
            server.close();
        }
    }

    @Test
    @Timeout(60)
    void readyzIs503WhileTheServedCertificateIsExpired() throws Exception {
        HeldCertificate expired = HeldCertificate.builder()
                .notBefore(Instant.now().minus(Duration.ofDays(10))).validity(Duration.ofDays(1)).build();
        try (EchoServer server = EchoServer.start(server(expired).build());
             AdminServer admin = AdminServer.start(ANY_PORT, server)) {
            HttpResponse<String> ready = get(admin.address(), "/readyz");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("certificate expired\n");
            assertThat(get(admin.address(), "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(admin.address(), "/status").body()).contains("\"expired\":true");
        }
    }

    @Test
    @Timeout(30)
    void adminPortInUseIsAStartError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
             EchoServer server = EchoServer.start(server(CERT).build())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> AdminServer.start(address, server))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                            + ": address already in use (is another server running?)")
                    .extracting(e -> ((ServerStartException) e).reason())
                    .isEqualTo(ServerStartException.Reason.ADDRESS_IN_USE);
        }
    }
}
