package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.bench.JsonText;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP clients against the server on 127.0.0.1, trusting a certificate made here: curl over
 * HTTP/1.1 and HTTP/2, Python's urllib and http.client, Go's net/http, openssl s_client typing a
 * request without ALPN, and h2load's 20,000 requests to {@code /echo} over both versions.
 */
@Timeout(300)
class HttpClientsInteropTest {

    /** Go's build cache, shared by runs in the system's temporary directory (never the checkout). */
    private static final Path GO_CACHE = Path.of(System.getProperty("java.io.tmpdir"), "tlsecho-test-gocache");

    @TempDir
    Path dir;

    private EchoServer server;

    @BeforeEach
    void start() {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        server = Interop.server(cert, b -> b);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String url(String path) {
        return "https://localhost:" + server.port() + path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> json(String text) {
        return (Map<String, Map<String, Object>>) JsonText.parse(text);
    }

    private String curlAkamai() {
        RunningProcess p = Interop.run(dir, PeerTools.require("curl").toString(), "-sS", "--max-time", "20",
                "--cacert", "server.crt", "--http2", url("/"));
        return (String) json(p.stdout()).get("http").get("akamai");
    }

    @Test
    void curlOverHttp11AndHttp2() {
        for (String[] version : new String[][] {{"--http1.1", "http/1.1"}, {"--http2", "h2"}}) {
            RunningProcess p = Interop.run(dir, PeerTools.require("curl").toString(), "-sS", "--max-time", "20",
                    "--cacert", "server.crt", version[0], url("/curl"));
            Map<String, Map<String, Object>> d = json(p.stdout());
            assertThat(d.get("tls").get("alpn")).isEqualTo(version[1]);
            assertThat(d.get("http").get("version")).isEqualTo(version[1]);
            assertThat(d.get("http").get("path")).isEqualTo("/curl");
        }
        assertThat(server.stats().http().requests("http/1.1", 200)).isEqualTo(1);
        assertThat(server.stats().http().requests("h2", 200)).isEqualTo(1);
    }

    @Test
    void pythonUrllibAndHttpClient() {
        String script = String.join("\n",
                "import http.client, json, ssl, sys, urllib.request",
                "ctx = ssl.create_default_context(cafile='server.crt')",
                "port = int(sys.argv[1])",
                "req = urllib.request.Request('https://localhost:%d/urllib' % port)",
                "d = json.load(urllib.request.urlopen(req, context=ctx, timeout=20))",
                "print(d['http']['version'], d['http']['path'], d['tls']['alpn'])",
                "c = http.client.HTTPSConnection('localhost', port, context=ctx, timeout=20)",
                "body = bytes(range(256)) * 4",
                "c.request('POST', '/echo', body=body)",
                "r = c.getresponse()",
                "print(r.status, r.read() == body, r.getheader('content-type'))");
        RunningProcess p = Interop.run(dir, PeerTools.require("python3").toString(), "-c", script,
                String.valueOf(server.port()));
        String[] lines = p.stdout().split("\n");
        assertThat(lines[0]).matches("http/1\\.1 /urllib (http/1\\.1|None)");
        assertThat(lines[1]).isEqualTo("200 True application/octet-stream");
    }

    @Test
    void goNetHttpOverHttp2WithAStableAkamaiFingerprintUnlikeCurls() throws IOException {
        Path binary = goHttpGet();
        String first = goAkamai(binary);
        String second = goAkamai(binary);
        assertThat(first).isNotEmpty().isEqualTo(second);
        String curl = curlAkamai();
        assertThat(curl).isNotEmpty().isEqualTo(curlAkamai()).isNotEqualTo(first);
    }

    private String goAkamai(Path binary) {
        RunningProcess p = Interop.run(dir, binary.toString(), "server.crt", url("/go"));
        Map<String, Map<String, Object>> d = json(p.stdout());
        assertThat(d.get("tls").get("alpn")).isEqualTo("h2");
        assertThat(d.get("http").get("version")).isEqualTo("h2");
        return (String) d.get("http").get("akamai");
    }

    private Path goHttpGet() throws IOException {
        Path go = PeerTools.require("go");
        Path source = dir.resolve("httpget.go");
        try (var in = getClass().getResourceAsStream("/go/httpget.go")) {
            Files.copy(in, source);
        }
        Path binary = dir.resolve("httpget");
        try (RunningProcess build = RunningProcess.start(List.of(go.toString(), "build", "-o", binary.toString(),
                source.toString()), dir, Map.of("GOCACHE", GO_CACHE.toString(), "GO111MODULE", "off",
                "CGO_ENABLED", "0"))) {
            // net/http takes a while to compile the first time on a busy machine; the cache keeps it.
            assertThat(build.awaitExit(java.time.Duration.ofSeconds(240))).as(build::describe).isZero();
        }
        return binary;
    }

    @Test
    void opensslSClientTypingARequestWithoutAlpn() {
        byte[] request = "GET /typed HTTP/1.0\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (RunningProcess p = Interop.feed(dir, request, cmd(PeerTools.require("openssl"), "s_client", "-quiet",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost", "-CAfile", "server.crt",
                "-verify_return_error"))) {
            assertThat(p.awaitExit(WAIT)).as(p::describe).isZero();
            String out = p.stdout();
            assertThat(out).startsWith("HTTP/1.1 200 OK\r\n");
            Map<String, Map<String, Object>> d = json(out.substring(out.indexOf("\r\n\r\n") + 4));
            assertThat(d.get("tls").get("alpn")).isNull();
            assertThat(d.get("http").get("version")).isEqualTo("http/1.0");
            assertThat(d.get("http").get("path")).isEqualTo("/typed");
        }
    }

    @Test
    void h2load20000RequestsToEchoOverBothVersions() throws IOException {
        Path body = dir.resolve("body.bin");
        byte[] kib = new byte[1024];
        for (int i = 0; i < kib.length; i++) {
            kib[i] = (byte) i;
        }
        Files.write(body, kib);
        String h2load = PeerTools.require("h2load").toString();
        for (List<String> run : List.of(
                cmd(h2load, "-n", 20000, "-c", 20, "-m", 10, "-d", body, url("/echo")),
                cmd(h2load, "--h1", "-n", 20000, "-c", 20, "-d", body, url("/echo")))) {
            try (RunningProcess p = RunningProcess.start(run, dir, Map.of())) {
                assertThat(p.awaitExit(java.time.Duration.ofSeconds(120))).as(p::describe).isZero();
                Matcher m = Pattern.compile("requests: (\\d+) total, \\d+ started, (\\d+) done, (\\d+) succeeded, "
                        + "(\\d+) failed, (\\d+) errored").matcher(p.stdout());
                assertThat(m.find()).as(p::describe).isTrue();
                assertThat(List.of(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)))
                        .as(p::describe).containsExactly("20000", "20000", "20000", "0", "0");
                assertThat(p.stdout()).contains("status codes: 20000 2xx");
            }
        }
        assertThat(server.stats().http().requests("h2", 200)).isEqualTo(20000);
        assertThat(server.stats().http().requests("http/1.1", 200)).isEqualTo(20000);
    }
}
