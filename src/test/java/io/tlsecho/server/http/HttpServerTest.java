package io.tlsecho.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.bench.JsonText;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.AdminTestSupport;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.EchoServerConfig;
import io.tlsecho.server.HttpMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP face of a listener, end to end on 127.0.0.1 with the JDK's clients: HTTP/2 by ALPN,
 * HTTP/1.1 by the first bytes, the echo untouched, the description's fields and order, the page,
 * {@code /echo}, and the limits (413, 431, 400, slow headers).
 */
@Timeout(120)
class HttpServerTest {

    private static final HeldCertificate CERT = HeldCertificate.builder()
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .build();

    private EchoServer server;
    private SSLContext trusting;

    private EchoServer start(UnaryOperator<EchoServerConfig.Builder> customize) throws Exception {
        trusting = AdminTestSupport.trusting(CERT);
        server = EchoServer.start(customize.apply(EchoServer.builder(CERT).host("127.0.0.1").port(0)).build());
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(trusting).version(version)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + server.port() + path);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String text) {
        return (Map<String, Object>) JsonText.parse(text);
    }

    @Test
    void jdkHttpClientGetsTheDescriptionOverHttp2InTheDocumentedOrder() throws Exception {
        start(b -> b);
        HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(uri("/any/path?x=1"))
                .header("X-Test", "one").timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        Map<String, Object> d = json(r.body());
        assertThat(d.keySet()).containsExactly("peer", "tls", "client_hello", "http");
        Map<String, Object> peer = (Map<String, Object>) d.get("peer");
        assertThat(peer.keySet()).containsExactly("address", "port", "proxied_by");
        assertThat(peer.get("address")).isEqualTo("127.0.0.1");
        Map<String, Object> tls = (Map<String, Object>) d.get("tls");
        assertThat(tls.keySet()).containsExactly("protocol", "cipher", "group", "alpn", "sni", "resumed",
                "handshake_ms", "client_certificate");
        assertThat(tls.get("alpn")).isEqualTo("h2");
        assertThat(tls.get("protocol")).isEqualTo("TLSv1.3");
        Map<String, Object> hello = (Map<String, Object>) d.get("client_hello");
        assertThat(hello.keySet()).startsWith("ja4").endsWith("ja3", "ja3_hash", "ja4_r");
        assertThat((String) hello.get("ja3")).startsWith("771,");
        assertThat((String) hello.get("ja3_hash")).matches("[0-9a-f]{32}");
        assertThat((String) hello.get("ja4_r")).startsWith(((String) hello.get("ja4")).substring(0, 10));
        Map<String, Object> http = (Map<String, Object>) d.get("http");
        assertThat(http.keySet()).containsExactly("version", "method", "path", "headers", "body_bytes", "akamai",
                "akamai_hash");
        assertThat(http.get("version")).isEqualTo("h2");
        assertThat(http.get("method")).isEqualTo("GET");
        assertThat(http.get("path")).isEqualTo("/any/path?x=1");
        List<List<String>> headers = (List<List<String>>) http.get("headers");
        assertThat(headers.get(0).get(0)).startsWith(":");
        assertThat(headers).contains(List.of("x-test", "one"));
        assertThat((String) http.get("akamai")).matches("[0-9:;]+\\|\\d+\\|[0-9:,]+\\|[masp,]+");
        assertThat(server.stats().http().requests("h2", 200)).isEqualTo(1);
    }

    @Test
    void httpsUrlConnectionWithoutAlpnIsServedHttp11ByItsFirstBytes() throws Exception {
        start(b -> b);
        HttpsURLConnection c = (HttpsURLConnection) new URL("https://localhost:" + server.port() + "/").openConnection();
        c.setSSLSocketFactory(trusting.getSocketFactory());
        // The JDK's own Accept puts text/html first, which asks for the page.
        c.setRequestProperty("Accept", "application/json");
        c.setConnectTimeout(10_000);
        c.setReadTimeout(20_000);
        try {
            assertThat(c.getResponseCode()).isEqualTo(200);
            Map<String, Object> d = json(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            Map<String, Object> tls = (Map<String, Object>) d.get("tls");
            Map<String, Object> http = (Map<String, Object>) d.get("http");
            assertThat(tls.get("alpn")).isNull();
            assertThat(http.get("version")).isEqualTo("http/1.1");
            assertThat(http).doesNotContainKey("akamai");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aMessageThatStartsLikeGetButIsNoRequestLineIsEchoedExactly() throws Exception {
        start(b -> b);
        assertThat(AdminTestSupport.converse(trusting, server.port(), "GETTING STARTED")).isEqualTo("GETTING STARTED");
        assertThat(AdminTestSupport.converse(trusting, server.port(), "GET")).isEqualTo("GET");
        assertThat(AdminTestSupport.converse(trusting, server.port(), "hello")).isEqualTo("hello");
    }

    @Test
    void httpOffEchoesARequestLine() throws Exception {
        start(b -> b.http(HttpMode.OFF));
        assertThat(AdminTestSupport.converse(trusting, server.port(), "GET / HTTP/1.1\r\n\r\n"))
                .isEqualTo("GET / HTTP/1.1\r\n\r\n");
    }

    @Test
    void echoPathReturnsTheBodyByteForByteOverBothVersions() throws Exception {
        start(b -> b);
        byte[] body = new byte[1024];
        new Random(16).nextBytes(body);
        for (HttpClient.Version v : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            HttpResponse<byte[]> r = client(v).send(HttpRequest.newBuilder(uri("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.version()).isEqualTo(v);
            assertThat(r.headers().firstValue("content-type")).hasValue("application/octet-stream");
            assertThat(r.body()).isEqualTo(body);
        }
        HttpResponse<String> head = client(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(uri("/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(Long.parseLong(head.headers().firstValue("content-length").orElseThrow())).isPositive();
    }

    @Test
    void theFormatsAndThePage() throws Exception {
        start(b -> b);
        HttpClient h2 = client(HttpClient.Version.HTTP_2);
        HttpResponse<String> page = h2.send(HttpRequest.newBuilder(uri("/")).header("Accept", "text/html,*/*;q=0.8")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        String csp = page.headers().firstValue("content-security-policy").orElseThrow();
        assertThat(csp).startsWith("default-src 'none'; style-src 'sha256-").doesNotContain("unsafe");
        assertThat(page.body()).contains("<h2>client_hello</h2>", "TLSv1.3", "JA4 t13")
                .doesNotContain("<script", "src=", "<link", "@import");
        HttpResponse<String> text = h2.send(HttpRequest.newBuilder(uri("/?format=text"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(text.body()).contains("tls.protocol: TLSv1.3\n", "http.version: h2\n", "tls.client_certificate: none\n");
        HttpResponse<String> json = h2.send(HttpRequest.newBuilder(uri("/?format=json")).header("Accept", "text/html")
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
        HttpResponse<String> bad = h2.send(HttpRequest.newBuilder(uri("/?format=xml"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("format: xml (expected: json, html or text)\n");
    }

    @Test
    void aBodyOverTheLimitIsAnswered413() throws Exception {
        start(b -> b);
        try (SSLSocket s = AdminTestSupport.connect(trusting, server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + (10 << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            assertThat(statusLine(s.getInputStream())).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
        AdminTestSupport.await("413 counted", () -> server.stats().http().requests("http/1.1", 413) == 1);
    }

    @Test
    void aHeaderBlockOverTheLimitIsAnswered431AndAMalformedRequestLine400() throws Exception {
        start(b -> b);
        try (SSLSocket s = AdminTestSupport.connect(trusting, server.port())) {
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(statusLine(in)).isEqualTo("HTTP/1.1 431 Request Header Fields Too Large");
            in.readAllBytes(); // then the server closes
        }
        try (SSLSocket s = AdminTestSupport.connect(trusting, server.port())) {
            s.getOutputStream().write("GET / FOO/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(statusLine(in)).isEqualTo("HTTP/1.1 400 Bad Request");
            in.readAllBytes();
        }
        assertThat(server.stats().http().requests("http/1.1", 431)).isEqualTo(1);
        assertThat(server.stats().http().requests("http/1.1", 400)).isEqualTo(1);
    }

    @Test
    void aSlowlorisClientIsCutOffWhileOthersAreServed() throws Exception {
        start(b -> b.httpLimits(HttpLimits.DEFAULTS.withHeaderTimeout(Duration.ofSeconds(2))));
        try (SSLSocket slow = AdminTestSupport.connect(trusting, server.port())) {
            OutputStream out = slow.getOutputStream();
            out.write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < 60; i++) {
                    out.write('X');
                    out.flush();
                    // Another client is served meanwhile.
                    if (i == 2) {
                        assertThat(client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(uri("/"))
                                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString())
                                .statusCode()).isEqualTo(200);
                    }
                    Thread.sleep(500);
                }
            } catch (IOException e) {
                // cut off: the write fails once the server has closed
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(25));
        }
        AdminTestSupport.await("slow client counted", () -> server.stats().http().cutOffs("slow_headers") == 1);
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }
}
