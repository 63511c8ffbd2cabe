package io.tlsecho.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.robust.Fixtures;
import io.tlsecho.server.AdminServer;
import io.tlsecho.server.AdminTestSupport;
import io.tlsecho.server.EchoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.KeyValuePair;

/**
 * What the server counts of its HTTP clients, against the clients' own counts: the connection summary's bytes
 * each way (HTTP/1.1 and HTTP/2), the metrics endpoint's requests by version and code and clients cut off; and
 * the header timeout, which holds an HTTP/2 client that never finishes its header block as it holds an HTTP/1.1
 * slowloris.
 */
@Timeout(120)
class HttpAccountingTest {

    private static final HeldCertificate CERT = HeldCertificate.builder()
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .build();
    private static final int HEADERS = 1;
    private static final int CONTINUATION = 9;
    private static final int END_STREAM = 1;
    private static final int END_HEADERS = 4;

    private EchoServer server;
    private SSLContext trusting;
    private final Fixtures.LogCapture summaries = new Fixtures.LogCapture(EchoServer.SUMMARY_LOGGER);

    private void start(HttpLimits limits) throws Exception {
        trusting = AdminTestSupport.trusting(CERT);
        server = EchoServer.start(EchoServer.builder(CERT).host("127.0.0.1").port(0).httpLimits(limits)
                .drainTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        summaries.close();
    }

    /** The key-value pairs of the one connection summary logged so far, waiting for it. */
    private Map<String, String> summary() throws InterruptedException {
        AdminTestSupport.await("the summary", () -> summaries.events().size() == 1);
        Map<String, String> fields = new HashMap<>();
        ILoggingEvent e = summaries.events().get(0);
        for (KeyValuePair kv : e.getKeyValuePairs()) {
            fields.put(kv.key, String.valueOf(kv.value));
        }
        return fields;
    }

    @Test
    void anHttp11SummaryCountsTheBytesTheClientSentAndRead() throws Exception {
        start(HttpLimits.DEFAULTS);
        byte[] body = new byte[1000];
        byte[] requests = ("GET /?format=text HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long read;
        try (SSLSocket s = AdminTestSupport.connect(trusting, server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(requests);
            out.write(body);
            out.flush();
            read = s.getInputStream().readAllBytes().length;
        }
        Map<String, String> summary = summary();
        assertThat(summary).containsEntry("served", "http/1.1").containsEntry("http_requests", "2")
                .containsEntry("bytes_received", String.valueOf(requests.length + body.length))
                .containsEntry("bytes_echoed", String.valueOf(read));
        assertThat(read).isGreaterThan(body.length);
    }

    @Test
    void anHttp2SummaryCountsTheBytesTheClientSentAndRead() throws Exception {
        start(HttpLimits.DEFAULTS);
        try (RawH2Client c = new RawH2Client(trusting, server.port())) {
            c.headers(1, RawH2Client.get("/"), true).headers(3, RawH2Client.get("/again"), true).ping().send();
            AdminTestSupport.await("both answers and the PING's", () -> c.count(RawH2Client.Frame.HEADERS) == 2
                    && c.count(RawH2Client.Frame.PING) == 1);
            // The server ends the connection (GOAWAY, close) and the client reads it to the end.
            server.close();
            AdminTestSupport.await("the end", c::ended);
            Map<String, String> summary = summary();
            assertThat(summary).containsEntry("served", "h2").containsEntry("http_requests", "2")
                    .containsEntry("bytes_received", String.valueOf(c.writtenBytes()))
                    .containsEntry("bytes_echoed", String.valueOf(c.readBytes()));
        }
    }

    @Test
    void anHttp2ClientThatNeverFinishesItsHeadersIsCutLikeAnHttp11Slowloris() throws Exception {
        start(HttpLimits.DEFAULTS.withHeaderTimeout(Duration.ofSeconds(2)));
        long start = System.nanoTime();
        try (RawH2Client unfinished = new RawH2Client(trusting, server.port());
             RawH2Client trickle = new RawH2Client(trusting, server.port());
             SSLSocket h1 = AdminTestSupport.connect(trusting, server.port())) {
            // HEADERS without END_HEADERS, then CONTINUATION frames that never end the block: never idle, never done.
            unfinished.frame(HEADERS, END_STREAM, 1, new byte[] {(byte) 0x82}).send();
            // A whole HEADERS frame, one byte at a time.
            byte[] frame = {0, 0, 3, HEADERS, END_STREAM | END_HEADERS, 0, 0, 0, 1, (byte) 0x82, (byte) 0x87,
                (byte) 0x84};
            // And an HTTP/1.1 request line, one byte at a time, for comparison.
            OutputStream slow = h1.getOutputStream();
            slow.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.flush();
            boolean h1Cut = false;
            for (int i = 0; i < 60 && !(unfinished.ended() && trickle.ended() && h1Cut); i++) {
                try {
                    if (!unfinished.ended()) {
                        unfinished.frame(CONTINUATION, 0, 1, new byte[] {(byte) 0x84}).send();
                    }
                } catch (IOException e) {
                    // cut off
                }
                try {
                    if (!trickle.ended() && i < frame.length) {
                        trickle.sendRaw(new byte[] {frame[i]});
                    }
                } catch (IOException e) {
                    // cut off
                }
                try {
                    slow.write('X');
                    slow.flush();
                } catch (IOException e) {
                    h1Cut = true;
                }
                if (i == 2) {
                    // Another client is served meanwhile.
                    assertServesAnotherClient();
                }
                Thread.sleep(500);
            }
            AdminTestSupport.await("both HTTP/2 clients cut", () -> unfinished.ended() && trickle.ended());
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(40));
        AdminTestSupport.await("all three counted", () -> server.stats().http().cutOffs("slow_headers") == 3);
        assertServesAnotherClient();
    }

    @Test
    void theMetricsEndpointCountsTheRequestsMadeAndTheClientsCut() throws Exception {
        start(HttpLimits.DEFAULTS.withMaxBody(100).withHeaderTimeout(Duration.ofSeconds(1)));
        try (AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), server)) {
            HttpClient h2 = client(HttpClient.Version.HTTP_2);
            HttpClient h1 = client(HttpClient.Version.HTTP_1_1);
            for (int i = 0; i < 3; i++) {
                assertThat(h2.send(get("/" + i), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
            for (int i = 0; i < 2; i++) {
                assertThat(h1.send(get("/" + i), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
            HttpRequest big = HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/echo"))
                    .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[101])).build();
            assertThat(h2.send(big, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
            assertThat(rawStatus("GET / FOO/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400");
            try (SSLSocket slow = AdminTestSupport.connect(trusting, server.port())) {
                slow.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.getOutputStream().flush();
                assertThat(slow.getInputStream().read()).isEqualTo(-1);
            } catch (IOException e) {
                // cut off with a reset rather than close_notify: cut all the same
            }
            AdminTestSupport.await("the slow client counted", () -> server.stats().http().cutOffs("slow_headers") == 1);
            Map<String, Double> m = AdminTestSupport.samples(AdminTestSupport.get(admin.address(), "/metrics").body());
            assertThat(requests(m, "h2", "200")).isEqualTo(3.0);
            assertThat(requests(m, "http/1.1", "200")).isEqualTo(2.0);
            assertThat(requests(m, "h2", "413")).isEqualTo(1.0);
            assertThat(requests(m, "http/1.1", "400")).isEqualTo(1.0);
            assertThat(m.entrySet().stream().filter(e -> e.getKey().startsWith("tlsecho_http_requests_total{"))
                    .mapToDouble(Map.Entry::getValue).sum()).isEqualTo(7.0);
            assertThat(m).containsEntry("tlsecho_http_clients_cut_total{kind=\"slow_headers\"}", 1.0);
            assertThat(m.keySet().stream().filter(k -> k.startsWith("tlsecho_http_clients_cut_total{"))).hasSize(1);
        }
    }

    private static double requests(Map<String, Double> samples, String version, String code) {
        List<Double> found = samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith("tlsecho_http_requests_total{")
                        && e.getKey().contains("version=\"" + version + "\"") && e.getKey().contains("code=\"" + code + "\""))
                .map(Map.Entry::getValue).toList();
        assertThat(found).as("%s %s in %s", version, code, samples.keySet()).hasSize(1);
        return found.get(0);
    }

    private String rawStatus(String request) throws IOException {
        try (SSLSocket s = AdminTestSupport.connect(trusting, server.port())) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int c; (c = in.read()) >= 0 && c != '\r'; ) {
                line.write(c);
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }

    private HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(trusting).version(version)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).build();
    }

    private void assertServesAnotherClient() throws Exception {
        HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(get("/"), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
