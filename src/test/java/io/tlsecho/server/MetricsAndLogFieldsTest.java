package io.tlsecho.server;

import static io.tlsecho.server.AdminTestSupport.await;
import static io.tlsecho.server.AdminTestSupport.get;
import static io.tlsecho.server.AdminTestSupport.samples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tlsecho.log.JsonLayout;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Reload counts and expiry in the metrics; JSON log fields of a connection that came through a PROXY header. */
class MetricsAndLogFieldsTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    Path dir;

    private static HeldCertificate cert(String cn, Duration validity) {
        return HeldCertificate.builder().commonName(cn).addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost").validity(validity).build();
    }

    private static double expiry(Map<String, Double> m, String cn) {
        Double v = m.get("tlsecho_certificate_expiry_timestamp_seconds{sni=\"default\",subject=\"CN=" + cn + "\"}");
        assertThat(v).as("expiry of CN=%s in %s", cn, m.keySet()).isNotNull();
        return v;
    }

    @Test
    @Timeout(60)
    void reloadsAreCountedAndTheExpiryFollowsTheNewCertificate() throws Exception {
        HeldCertificate first = cert("first", Duration.ofDays(30));
        HeldCertificate second = cert("second", Duration.ofDays(90));
        Path crt = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        first.writeTo(crt, key, false);
        EchoServerConfig config = EchoServer.builder(KeySource.pemFiles(crt, key, null))
                .host("127.0.0.1").port(0).reloadInterval(Duration.ZERO).build();
        try (EchoServer server = EchoServer.start(config);
             AdminServer admin = AdminServer.start(ANY_PORT, server)) {
            Map<String, Double> before = samples(get(admin.address(), "/metrics").body());
            assertThat(expiry(before, "first")).isEqualTo(first.certificate().getNotAfter().toInstant().getEpochSecond());

            second.writeTo(crt, key, true);
            server.reload();
            Map<String, Double> after = samples(get(admin.address(), "/metrics").body());
            assertThat(expiry(after, "second")).isEqualTo(second.certificate().getNotAfter().toInstant().getEpochSecond());
            assertThat(after).containsEntry("tlsecho_certificate_reloads_total{result=\"ok\"}", 1.0)
                    .containsEntry("tlsecho_certificate_reloads_total{result=\"failed\"}", 0.0)
                    .doesNotContainKey("tlsecho_certificate_expiry_timestamp_seconds{sni=\"default\",subject=\"CN=first\"}");

            Files.writeString(key, "not a key\n");
            assertThatThrownBy(server::reload).isInstanceOf(PkiException.class);
            Map<String, Double> failed = samples(get(admin.address(), "/metrics").body());
            assertThat(failed).containsEntry("tlsecho_certificate_reloads_total{result=\"failed\"}", 1.0);
            // The certificate in service is still the second one.
            assertThat(expiry(failed, "second")).isEqualTo(expiry(after, "second"));
        }
    }

    @Test
    @Timeout(60)
    void jsonFieldsOfAConnectionBehindAProxyHeaderNameTheClientAndTheBalancer() throws Exception {
        HeldCertificate cert = cert("localhost", Duration.ofDays(30));
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger echo = context.getLogger(EchoServerInitializer.LOGGER);
        Level level = echo.getLevel();
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        echo.setLevel(Level.INFO);
        echo.addAppender(events);
        JsonLayout json = new JsonLayout();
        json.setContext(context);
        json.start();
        try (EchoServer server = EchoServer.start(EchoServer.builder(cert).host("127.0.0.1").port(0)
                .proxyProtocol(ProxyProtocol.V1).build())) {
            SSLContext ctx = AdminTestSupport.trusting(cert);
            int balancerPort;
            try (Socket tcp = new Socket()) {
                tcp.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                tcp.setSoTimeout(20_000);
                balancerPort = tcp.getLocalPort();
                OutputStream raw = tcp.getOutputStream();
                raw.write("PROXY TCP4 192.0.2.7 127.0.0.1 5555 10000\r\n".getBytes(StandardCharsets.US_ASCII));
                raw.flush();
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(tcp, "localhost", server.port(), true);
                SSLParameters params = tls.getSSLParameters();
                params.setServerNames(List.of(new SNIHostName("localhost")));
                tls.setSSLParameters(params);
                tls.getOutputStream().write("hello\0".getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                assertThat(tls.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
            }
            // A connection without the header: refused, and summarised as such.
            try (Socket direct = new Socket("127.0.0.1", server.port())) {
                direct.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                direct.setSoTimeout(20_000);
                direct.getInputStream().readAllBytes();
            }
            await("both closes counted", () -> server.stats().closed(CloseReason.NUL) == 1
                    && server.stats().rejected(RejectReason.PROXY_HEADER) == 1);
            await("both summaries", () -> lines(events, json).stream().filter(l -> l.contains("connection_closed")).count() == 2);

            List<String> lines = lines(events, json);
            String client = "\"logger\":\"echo_192.0.2.7_5555\"";
            String fields = "\"peer\":\"192.0.2.7:5555\",\"proxied_by\":\"127.0.0.1:" + balancerPort + "\"";
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(client, "\"message\":\"connection accepted\"",
                    fields + ",\"sni\":\"localhost\",\"alpn\":null,\"protocol\":\"TLSv1.3\"", "\"resumed\":false"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains(client, fields, "\"event\":\"connection_closed\"",
                    "\"reason\":\"nul\"", "\"bytes_received\":6", "\"bytes_echoed\":5"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"message\":\"rejected: ",
                    "\"proxied_by\":null"));
            assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"event\":\"connection_closed\"",
                    "\"reason\":\"rejected\"", "\"bytes_received\":0"));
        } finally {
            echo.detachAppender(events);
            echo.setLevel(level);
            events.stop();
        }
    }

    private static List<String> lines(ListAppender<ILoggingEvent> events, JsonLayout json) {
        synchronized (events) {
            return events.list.stream().map(json::doLayout).toList();
        }
    }
}
