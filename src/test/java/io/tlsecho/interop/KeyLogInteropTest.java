package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.HELLO_NUL;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Key logging checked against independent peers: OpenSSL writes the same lines for the same
 * connection, tlsecho's client and server agree, and Wireshark decrypts a real capture with them.
 */
@Timeout(120)
class KeyLogInteropTest {

    private static final Set<String> TLS13_LABELS = Set.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET");
    private static final Set<String> TLS12_LABELS = Set.of("CLIENT_RANDOM");
    /** An NSS key-log line: label, the client random, the secret (32 or 48 bytes). */
    private static final Pattern LINE = Pattern.compile("[A-Z_0-9]+ [0-9a-f]{64} (?:[0-9a-f]{64}|[0-9a-f]{96})");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"-tls1_3, TLSv1.3", "-tls1_2, TLSv1.2"})
    void theServerWritesWhatOpenSslWritesForTheSameConnection(String flag, String protocol) throws IOException {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        Path serverKeys = dir.resolve("server.keys");
        Path opensslKeys = dir.resolve("openssl.keys");
        try (EchoServer server = Interop.server(cert, b -> b.tls(logTo(serverKeys)));
             RunningProcess client = Interop.feed(dir, HELLO_NUL, cmd(PeerTools.require("openssl"), "s_client",
                     "-connect", "127.0.0.1:" + server.port(), "-CAfile", "server.crt", "-verify_return_error",
                     flag, "-keylogfile", opensslKeys, "-quiet"))) {
            assertThat(client.process().exitValue()).as(client::describe).isZero();
            assertThat(client.stdout()).isEqualTo("hello");
        }

        List<String> ours = secrets(serverKeys);
        List<String> openssl = secrets(opensslKeys);
        assertThat(labels(openssl)).isEqualTo(protocol.equals("TLSv1.3") ? TLS13_LABELS : TLS12_LABELS);
        assertThat(ours).hasSameSizeAs(openssl).containsExactlyInAnyOrderElementsOf(openssl);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"TLSv1.3", "TLSv1.2"})
    void tlsechosClientAndServerWriteTheSameSecrets(String protocol) throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Path serverKeys = dir.resolve("server.keys");
        Path clientKeys = dir.resolve("client.keys");
        try (EchoServer server = Interop.server(cert, b -> b.tls(logTo(serverKeys)));
             EchoClient client = EchoClient.create(clientConfig(cert, server.port(),
                     logTo(clientKeys).withProtocols(List.of(protocol))))) {
            EchoResult result = client.exchange(List.of("hello".getBytes(StandardCharsets.US_ASCII)));
            assertThat(result.matches()).isTrue();
            assertThat(result.session().protocol()).isEqualTo(protocol);
        }

        List<String> server = secrets(serverKeys);
        assertThat(labels(server)).isEqualTo(protocol.equals("TLSv1.3") ? TLS13_LABELS : TLS12_LABELS);
        assertThat(secrets(clientKeys)).containsExactlyInAnyOrderElementsOf(server);
    }

    @Test
    void manyConnectionsOnSeveralEventLoopsLeaveOnlyWholeLines() throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        Path shared = dir.resolve("shared.keys");
        int clients = 4;
        int conversations = 10;
        try (EchoServer server = Interop.server(cert, b -> b.tls(logTo(shared)).threads(4))) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    done.add(pool.submit(() -> {
                        try (EchoClient client = EchoClient.create(clientConfig(cert, server.port(), logTo(shared)))) {
                            for (int i = 0; i < conversations; i++) {
                                assertThat(client.exchange(List.of(new byte[] {'x'})).matches()).isTrue();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }

        // Server and client write to one file: every line whole, each secret exactly twice.
        List<String> lines = Files.readAllLines(shared);
        assertThat(lines).hasSize(2 * TLS13_LABELS.size() * clients * conversations).allMatch(l -> LINE.matcher(l).matches());
        Map<String, Long> counts = lines.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts.values()).containsOnly(2L);
    }

    @Test
    void wiresharkDecryptsACaptureWithTheServersKeyLog() throws Exception {
        Path tshark = PeerTools.require("tshark");
        HeldCertificate cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
        Path keys = dir.resolve("server.keys");
        Path capture = dir.resolve("capture.pcapng");
        Map<String, String> messages = new LinkedHashMap<>();
        messages.put("-tls1_3", "decrypted by Wireshark over TLS 1.3: " + System.nanoTime());
        messages.put("-tls1_2", "decrypted by Wireshark over TLS 1.2: " + System.nanoTime());
        int port;
        try (EchoServer server = Interop.server(cert, b -> b.tls(logTo(keys)))) {
            port = server.port();
            // -P -l: each packet is printed once it is in the capture file. tshark says "Capturing on"
            // before the capture really runs: datagrams to ourselves probe until one is seen.
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                 RunningProcess capturing = RunningProcess.start(cmd(tshark, "-i", "lo",
                         "-f", "tcp port " + port + " or udp port " + probe.getLocalPort(), "-w", capture, "-P", "-l",
                         "-T", "fields", "-e", "tcp.srcport", "-e", "tcp.flags.fin", "-e", "tcp.stream"), dir, Map.of())) {
                capturing.waitForLine(Pattern.compile("Capturing on"), Interop.WAIT);
                awaitCapturing(capturing, probe);
                for (Map.Entry<String, String> m : messages.entrySet()) {
                    byte[] input = (m.getValue() + "\0").getBytes(StandardCharsets.US_ASCII);
                    try (RunningProcess client = Interop.feed(dir, input, cmd(PeerTools.require("openssl"), "s_client",
                            "-connect", "127.0.0.1:" + port, "-CAfile", "server.crt", m.getKey(), "-quiet"))) {
                        assertThat(client.stdout()).as(client::describe).isEqualTo(m.getValue());
                    }
                }
                // The server's FIN in each conversation (a FIN may come twice): all of both is in the file.
                awaitServerFins(capturing, port, messages.size());
                capturing.terminate();
                assertThat(capturing.awaitExit(Interop.WAIT)).as(capturing::describe).isZero();
            }
        }

        byte[] wire = Files.readAllBytes(capture);
        for (String m : messages.values()) {
            assertThat(indexOf(wire, m.getBytes(StandardCharsets.US_ASCII))).as("plaintext on the wire").isEqualTo(-1);
        }
        // The server's records, decrypted: its echo of each message, one conversation per TCP stream.
        RunningProcess read = Interop.run(dir, tshark.toString(), "-r", capture.toString(),
                "-o", "tls.keylog_file:" + keys, "-d", "tcp.port==" + port + ",tls",
                "-Y", "tcp.srcport == " + port + " && data", "-T", "fields", "-e", "tcp.stream", "-e", "data.data");
        Map<String, StringBuilder> echoes = new LinkedHashMap<>();
        for (String line : read.stdout().lines().toList()) {
            String[] f = line.split("\t");
            echoes.computeIfAbsent(f[0], k -> new StringBuilder()).append(f[1].replace(",", ""));
        }
        assertThat(echoes.values().stream().map(hex -> new String(HexFormat.of().parseHex(hex), StandardCharsets.US_ASCII)))
                .as(read::describe)
                .containsExactlyInAnyOrderElementsOf(messages.values());
    }

    /** The options with OpenSSL, logging keys to {@code file}. */
    private static TlsOptions logTo(Path file) {
        return TlsOptions.defaults().withProvider(TlsProvider.OPENSSL).withKeyLogFile(file);
    }

    private static EchoClientConfig clientConfig(HeldCertificate cert, int port, TlsOptions tls) {
        return EchoClientConfig.builder().host("127.0.0.1").port(port)
                .trust(List.of(cert.certificate()), "the test's certificate").tls(tls).build();
    }

    /** The secret lines of a key log, without OpenSSL's comment line. */
    private static List<String> secrets(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static Set<String> labels(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toSet());
    }

    private static void awaitCapturing(RunningProcess capturing, DatagramSocket probe) throws Exception {
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        byte[] ping = {'p'};
        while (capturing.stdout().isEmpty()) {
            if (System.nanoTime() > deadline || !capturing.process().isAlive()) {
                throw new AssertionError("tshark captured none of the probes: " + capturing.describe());
            }
            probe.send(new DatagramPacket(ping, 1, probe.getLocalSocketAddress()));
            Thread.sleep(100);
        }
    }

    private static void awaitServerFins(RunningProcess capturing, int port, int conversations) throws InterruptedException {
        long deadline = System.nanoTime() + Interop.WAIT.toNanos();
        String fin = port + "\t1\t";
        while (capturing.stdout().lines().filter(l -> l.startsWith(fin)).distinct().count() < conversations) {
            if (System.nanoTime() > deadline || !capturing.process().isAlive()) {
                throw new AssertionError("no FIN from the server in " + conversations + " conversations: "
                        + capturing.describe());
            }
            Thread.sleep(50);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
