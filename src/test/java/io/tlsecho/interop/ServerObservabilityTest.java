package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.AdminTestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsecho server --admin --log-format json} as a process: a real Prometheus scrapes it,
 * promtool checks its exposition, Python parses its logs, and SIGTERM turns {@code /readyz} to 503.
 */
class ServerObservabilityTest {

    private static final Pattern ECHO_PORT = Pattern.compile("\"starting up on 127\\.0\\.0\\.1 port (\\d+)\"");
    private static final Pattern ADMIN_PORT = Pattern.compile("admin endpoint on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final HeldCertificate CERT = Interop.localhostCert("localhost");

    @TempDir
    Path dir;

    /** A server process with the admin endpoint on a free port and JSON logs. */
    private RunningProcess startServer(String... extra) {
        Interop.write(CERT, dir, "server");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(cmd(java, "-cp", System.getProperty("java.class.path"),
                "io.tlsecho.cli.Main", "server", "--host", "127.0.0.1", "--port", 0, "--cert", "server.crt",
                "--key", "server.key", "--admin", "127.0.0.1:0", "--log-format", "json"));
        command.addAll(List.of(extra));
        return RunningProcess.start(command, dir, Map.of());
    }

    @Test
    @Timeout(180)
    void prometheusScrapesTheConnectionsMadeAndPromtoolAcceptsTheExposition() throws Exception {
        Path prometheus = PeerTools.require("prometheus");
        Path promtool = PeerTools.require("promtool");
        try (RunningProcess server = startServer()) {
            int echoPort = Interop.portFrom(server, ECHO_PORT);
            InetSocketAddress admin = new InetSocketAddress("127.0.0.1", Interop.portFrom(server, ADMIN_PORT));

            int promPort = Interop.freePort();
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: tlsecho
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(admin.getPort()));
            try (RunningProcess prom = RunningProcess.start(List.of(prometheus.toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=127.0.0.1:" + promPort), dir, Map.of())) {
                SSLContext ctx = AdminTestSupport.trusting(CERT);
                int n = 7;
                long sent = 0;
                for (int i = 0; i < n; i++) {
                    String message = "scraped conversation " + i;
                    assertThat(AdminTestSupport.converse(ctx, echoPort, message)).isEqualTo(message);
                    sent += message.length();
                }

                InetSocketAddress api = new InetSocketAddress("127.0.0.1", promPort);
                awaitQuery(prom, api, "tlsecho_connections_accepted_total", n);
                awaitQuery(prom, api, "tlsecho_connections_closed_total{reason=\"nul\"}", n);
                awaitQuery(prom, api, "tlsecho_bytes_echoed_total", sent);
                awaitQuery(prom, api, "sum(tlsecho_handshakes_total{result=\"ok\"})", n);
                awaitQuery(prom, api, "up{job=\"tlsecho\"}", 1);
            }

            HttpResponse<String> metrics = AdminTestSupport.get(admin, "/metrics");
            try (RunningProcess check = RunningProcess.start(List.of(promtool.toString(), "check", "metrics"), dir, Map.of())) {
                try (OutputStream in = check.stdin()) {
                    in.write(metrics.body().getBytes(StandardCharsets.UTF_8));
                }
                assertThat(check.awaitExit(WAIT)).as(check::describe).isZero();
                assertThat(check.stdout() + check.stderr()).as("promtool's findings").isEmpty();
            }

            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
        }
    }

    /** Polls Prometheus's query API until {@code query} has the single value {@code expected}. */
    private static void awaitQuery(RunningProcess prom, InetSocketAddress api, String query, long expected)
            throws Exception {
        String path = "/api/v1/query?query=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8);
        Pattern value = Pattern.compile("\"value\":\\[[0-9.e+]+,\"([^\"]+)\"\\]");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = AdminTestSupport.get(api, path);
                last = r.statusCode() + " " + r.body();
                Matcher m = value.matcher(r.body());
                if (r.statusCode() == 200 && m.find() && Double.parseDouble(m.group(1)) == expected) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();  // Prometheus still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never answered " + expected + " for " + query + "; last: " + last
                + "\n" + prom.describe());
    }

    @Test
    @Timeout(120)
    void readyzTurns503OnSigtermWhileTheDrainLetsAConversationFinish() throws Exception {
        try (RunningProcess server = startServer("--drain-timeout", "60s")) {
            int echoPort = Interop.portFrom(server, ECHO_PORT);
            InetSocketAddress admin = new InetSocketAddress("127.0.0.1", Interop.portFrom(server, ADMIN_PORT));
            SSLContext ctx = AdminTestSupport.trusting(CERT);
            assertThat(AdminTestSupport.get(admin, "/readyz").statusCode()).isEqualTo(200);

            try (SSLSocket held = AdminTestSupport.connect(ctx, echoPort)) {
                OutputStream out = held.getOutputStream();
                out.write("before the signal, ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(held.getInputStream().readNBytes(19)).asString(StandardCharsets.US_ASCII)
                        .isEqualTo("before the signal, ");

                server.terminate();
                server.waitForLine(Pattern.compile("\"closing server\""), WAIT);
                HttpResponse<String> ready = AdminTestSupport.get(admin, "/readyz");
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.body()).isEqualTo("draining\n");
                assertThat(AdminTestSupport.get(admin, "/healthz").statusCode()).isEqualTo(200);

                out.write("after it\0".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(held.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII)
                        .isEqualTo("after it");
            }
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
            List<Map<String, String>> closed = JsonLines.parse(dir, server.stderr()).stream()
                    .filter(e -> "connection_closed".equals(e.get("event"))).toList();
            assertThat(closed).singleElement().satisfies(e -> {
                assertThat(e).containsEntry("reason", "nul").containsEntry("bytes_received", "28")
                        .containsEntry("bytes_echoed", "27");
            });
        }
    }

    @Test
    @Timeout(120)
    void jsonLogsAreOneObjectPerLineAndTheSummaryCountsWhatTheClientSent() throws Exception {
        try (RunningProcess server = startServer("--drain-timeout", "1s")) {
            int echoPort = Interop.portFrom(server, ECHO_PORT);
            Map<Integer, String> sentBy = new HashMap<>();
            for (String message : List.of("one", "a somewhat longer message", "")) {
                // A context of its own for each: no session to resume, so each handshake is a full one.
                try (SSLSocket tls = AdminTestSupport.connect(AdminTestSupport.trusting(CERT), echoPort)) {
                    sentBy.put(tls.getLocalPort(), message);
                    tls.getOutputStream().write((message + "\0").getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                    assertThat(tls.getInputStream().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo(message);
                }
            }
            // Python's client resumes its first session in its second connection, and says whether it did.
            Map<Integer, String> resumedBy = resumingPythonClient(echoPort);
            assertThat(resumedBy.values()).containsExactly("False", "True");
            // One left open: the drain cuts it.
            SSLSocket cut = AdminTestSupport.connect(AdminTestSupport.trusting(CERT), echoPort);
            cut.getOutputStream().write("never ended".getBytes(StandardCharsets.US_ASCII));
            cut.getOutputStream().flush();
            assertThat(cut.getInputStream().readNBytes(11)).hasSize(11);
            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
            cut.close();

            List<Map<String, String>> events = JsonLines.parse(dir, server.stderr());
            assertThat(events).allSatisfy(e -> assertThat(e).containsKeys("time", "level", "logger", "message"));
            assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("logger", "main")
                    .containsEntry("message", "closing event loop"));
            for (Map.Entry<Integer, String> c : sentBy.entrySet()) {
                String peer = "127.0.0.1:" + c.getKey();
                List<Map<String, String>> mine = events.stream().filter(e -> peer.equals(e.get("peer"))).toList();
                assertThat(mine).as("events of %s", peer).isNotEmpty().allSatisfy(e -> assertThat(e)
                        .containsEntry("logger", "echo_127.0.0.1_" + c.getKey())
                        .containsEntry("proxied_by", "None"));
                assertThat(mine).anySatisfy(e -> assertThat(e).containsEntry("message", "connection accepted")
                        .containsEntry("protocol", "TLSv1.3").containsEntry("client_subject", "None")
                        .containsKeys("cipher", "group", "sni", "alpn")
                        // A JSON boolean (Python prints True/False, a string would print as itself): a full handshake.
                        .containsEntry("resumed", "False"));
                assertThat(mine.stream().filter(e -> "connection_closed".equals(e.get("event"))).toList())
                        .singleElement().satisfies(e -> assertThat(e)
                                .containsEntry("level", "INFO")
                                .containsEntry("reason", "nul")
                                .containsEntry("bytes_received", String.valueOf(c.getValue().length() + 1))
                                .containsEntry("bytes_echoed", String.valueOf(c.getValue().length()))
                                .containsKey("duration_ms"));
            }
            assertThat(events).anySatisfy(e -> assertThat(e).containsEntry("event", "connection_closed")
                    .containsEntry("reason", "drain").containsEntry("bytes_received", "11"));
            // The server logs as resumed exactly the connection the client resumed.
            for (Map.Entry<Integer, String> c : resumedBy.entrySet()) {
                String peer = "127.0.0.1:" + c.getKey();
                assertThat(events).as("events of %s", peer).anySatisfy(e -> assertThat(e).containsEntry("peer", peer)
                        .containsEntry("message", "connection accepted").containsEntry("resumed", c.getValue()));
            }
        }
    }

    /** Two echoes from Python's ssl module, the second offering the first's session: local port → session_reused. */
    private Map<Integer, String> resumingPythonClient(int port) throws IOException {
        String script = """
                import socket, ssl, sys
                ctx = ssl.create_default_context(cafile=sys.argv[2])
                session = None
                for message in (b"first", b"again"):
                    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))),
                                        server_hostname="localhost", session=session)
                    s.sendall(message + b"\\0")
                    echo = b""
                    while True:
                        try:
                            chunk = s.recv(4096)
                        except ssl.SSLEOFError:
                            break
                        if not chunk:
                            break
                        echo += chunk
                    if echo != message:
                        sys.exit("echo %r for %r" % (echo, message))
                    print(s.getsockname()[1], s.session_reused, flush=True)
                    session = s.session
                    s.close()
                """;
        Map<Integer, String> resumed = new java.util.LinkedHashMap<>();
        try (RunningProcess py = RunningProcess.start(List.of(PeerTools.require("python3").toString(), "-c", script,
                String.valueOf(port), dir.resolve("server.crt").toString()), dir, Map.of())) {
            assertThat(py.awaitExit(WAIT)).as(py::describe).isZero();
            for (String line : py.stdout().strip().split("\n")) {
                String[] f = line.split(" ");
                resumed.put(Integer.parseInt(f[0]), f[1]);
            }
        }
        return resumed;
    }

    /** JSON lines parsed by Python's json module, each object flattened to its top-level values as Python prints them. */
    static final class JsonLines {
        private static final String SCRIPT = """
                import json, sys
                for n, line in enumerate(sys.stdin.read().splitlines(), 1):
                    obj = json.loads(line)
                    if not isinstance(obj, dict):
                        sys.exit("line %d is not a JSON object: %s" % (n, line))
                    print("\\t".join("%s=%s" % (k, str(v).replace("\\t", " ")) for k, v in obj.items()))
                """;

        static List<Map<String, String>> parse(Path dir, String lines) throws IOException {
            String parsed;
            try (RunningProcess py = RunningProcess.start(List.of(PeerTools.require("python3").toString(), "-c", SCRIPT),
                    dir, Map.of())) {
                try (OutputStream in = py.stdin()) {
                    in.write(lines.getBytes(StandardCharsets.UTF_8));
                }
                assertThat(py.awaitExit(WAIT)).as(py::describe).isZero();
                parsed = py.stdout();
            }
            List<Map<String, String>> events = new ArrayList<>();
            for (String line : parsed.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                Map<String, String> e = new HashMap<>();
                for (String field : line.split("\t")) {
                    int eq = field.indexOf('=');
                    e.put(field.substring(0, eq), field.substring(eq + 1));
                }
                events.add(e);
            }
            assertThat(events).as("parsed lines").hasSize((int) lines.lines().filter(l -> !l.isEmpty()).count());
            return events;
        }
    }
}
