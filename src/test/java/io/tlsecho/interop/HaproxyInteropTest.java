package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * tlsecho server behind a real HAProxy (TCP mode, send-proxy-v2 or send-proxy): the seed's
 * Python client gets its echo through the balancer, and the server names the connection by
 * the Python client's own port, as HAProxy's own log reports it. Connections without the header
 * expected are refused; tlsecho's client can speak the header itself.
 */
@Timeout(240)
class HaproxyInteropTest {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Pattern STARTED = Pattern.compile("^main: starting up on \\S+ port (\\d+)$");
    /** HAProxy's tcplog line: the client's address as HAProxy saw it, then the frontend and server. */
    private static final Pattern HAPROXY_LOG = Pattern.compile("^127\\.0\\.0\\.1:(\\d+) \\[[^]]+\\] fe be/s ");
    private static final String SEED_ECHO = "This is the message. It will be sent in parts.";

    @TempDir
    Path dir;

    @BeforeEach
    void certificate() {
        Interop.CliRun cert = Interop.cli("cert", "--out", dir.resolve("tlsecho").toString());
        assertThat(cert.exitCode()).as(cert::toString).isZero();
    }

    @ParameterizedTest
    @CsvSource({"send-proxy-v2, v2", "send-proxy, v1"})
    void seedClientThroughHaproxyIsNamedByItsOwnPort(String haproxyOption, String version) throws Exception {
        try (RunningProcess server = tlsechoServer("--proxy-protocol", version)) {
            int serverPort = Interop.portFrom(server, STARTED);
            try (RunningProcess haproxy = haproxy(serverPort, haproxyOption)) {
                int front = frontPort;
                RunningProcess client = seedClient(front);
                assertThat(client.process().exitValue()).as(client::describe).isZero();
                assertThat(client.stdout()).as(client::describe).isEqualTo(SEED_ECHO);

                int clientPort = Integer.parseInt(haproxy.waitForLine(HAPROXY_LOG, Interop.WAIT).group(1));
                String name = "echo_127.0.0.1_" + clientPort;
                server.waitForLine(Pattern.compile("^" + Pattern.quote(name + ": connection accepted") + "$"), Interop.WAIT);
                server.waitForLine(Pattern.compile("^" + Pattern.quote(name + ": message terminated, closing connection") + "$"),
                        Interop.WAIT);
                assertThat(server.stderr()).doesNotContain("rejected");
            }
        }
    }

    @Test
    void connectionsWithoutTheHeaderExpectedAreRefused() throws Exception {
        try (RunningProcess server = tlsechoServer("--proxy-protocol", "v2")) {
            int serverPort = Interop.portFrom(server, STARTED);

            // The seed's client straight to the server: TLS where the header should be.
            RunningProcess direct = seedClient(serverPort);
            assertThat(direct.process().exitValue()).as(direct::describe).isEqualTo(1);
            server.waitForLine(Pattern.compile(": rejected: expected a PROXY v2 header, got a TLS ClientHello$"), Interop.WAIT);

            // Through HAProxy with the text header the server does not accept.
            try (RunningProcess haproxy = haproxy(serverPort, "send-proxy")) {
                RunningProcess v1 = seedClient(frontPort);
                assertThat(v1.process().exitValue()).as(v1::describe).isEqualTo(1);
                server.waitForLine(Pattern.compile(": rejected: expected a PROXY v2 header, got a PROXY v1 header$"),
                        Interop.WAIT);
            }

            // A v2 header whose address block is shorter than its family needs.
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", serverPort), 5000);
                s.setSoTimeout(30_000);
                byte[] header = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a, 0x21, 0x11, 0x00, 0x04,
                    127, 0, 0, 1};
                s.getOutputStream().write(header);
                awaitClosed(s);
            }
            server.waitForLine(Pattern.compile(": rejected: malformed PROXY header: "), Interop.WAIT);
        }
    }

    @Test
    void tlsechoClientAndBenchSendTheHeaderThemselves() throws Exception {
        try (RunningProcess server = tlsechoServer("--proxy-protocol", "any")) {
            String port = Integer.toString(Interop.portFrom(server, STARTED));
            String ca = dir.resolve("tlsecho.crt").toString();
            for (String version : List.of("v1", "v2")) {
                Interop.CliRun client = Interop.cli("client", "--host", "127.0.0.1", "--port", port, "--cafile", ca,
                        "--send-proxy", version, "-q", "proxied");
                assertThat(client.exitCode()).as(client::toString).isZero();
            }
            Interop.CliRun bench = Interop.cli("bench", "--host", "127.0.0.1", "--port", port, "--cafile", ca,
                    "--send-proxy", "v2", "--mode", "session", "-c", "2", "-d", "1s", "-q");
            assertThat(bench.exitCode()).as(bench::toString).isZero();

            Interop.CliRun without = Interop.cli("client", "--host", "127.0.0.1", "--port", port, "--cafile", ca, "-q");
            assertThat(without.exitCode()).as(without::toString).isNotZero();
            server.waitForLine(Pattern.compile(": rejected: expected a PROXY header, got a TLS ClientHello$"), Interop.WAIT);
        }
    }

    private int frontPort;

    /** HAProxy in TCP mode on a free port, sending to the server with {@code option}; logs each connection to stderr. */
    private RunningProcess haproxy(int serverPort, String option) throws IOException {
        frontPort = Interop.freePort();
        Path config = dir.resolve("haproxy-" + option + ".cfg");
        Files.writeString(config, String.join("\n",
                "global",
                "  log stderr format raw local0",
                "defaults",
                "  mode tcp",
                "  log global",
                "  option tcplog",
                "  timeout connect 5s",
                "  timeout client 30s",
                "  timeout server 30s",
                "frontend fe",
                "  bind 127.0.0.1:" + frontPort,
                "  default_backend be",
                "backend be",
                "  server s 127.0.0.1:" + serverPort + " " + option,
                ""));
        RunningProcess haproxy = RunningProcess.start(
                cmd(PeerTools.require("haproxy"), "-db", "-f", config), dir, Map.of());
        awaitListening(frontPort, haproxy);
        return haproxy;
    }

    private RunningProcess tlsechoServer(String... options) {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(cmd(java, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main",
                "server", "--host", "127.0.0.1", "--port", 0, "--cert", dir.resolve("tlsecho.crt"),
                "--key", dir.resolve("tlsecho.key")));
        command.addAll(List.of(options));
        RunningProcess server = RunningProcess.start(command, dir, Map.of());
        server.waitForLine(STARTED, START);
        return server;
    }

    /** Runs the seed's Python client against {@code port} to its end. */
    private RunningProcess seedClient(int port) {
        try (RunningProcess client = RunningProcess.start(cmd(PeerTools.debianPython(),
                PeerTools.seedScript("asyncio_echo_client.py"), "--host", "127.0.0.1", "--port", port,
                "--cafile", dir.resolve("tlsecho.crt"), "--timeout", 30), dir, Map.of())) {
            client.awaitExit(Duration.ofSeconds(60));
            return client;
        }
    }

    /** Waits until something listens on 127.0.0.1:{@code port} ({@code /proc/net/tcp}: state 0A). */
    private static void awaitListening(int port, RunningProcess owner) {
        String local = String.format("0100007F:%04X", port);
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (String line : Files.readAllLines(Paths.get("/proc/net/tcp"))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].equals(local) && f[3].equals("0A")) {
                        return;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (!owner.process().isAlive()) {
                break;
            }
            sleep(50);
        }
        throw new AssertionError("nothing listens on port " + port + ": " + owner.describe());
    }

    private static void awaitClosed(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
