package io.tlsecho.robust;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.tlsecho.server.CloseReason;
import io.tlsecho.server.EchoServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * 10,000 TLS connections held open at once against one server, each then echoing; afterwards the
 * server holds none of them: no socket on its port, no descriptor more than before, every one
 * counted closed. The clients run in a separate JVM ({@link ManyConnectionsClient}): one process
 * cannot hold both ends within its file limit. (What an idle connection costs in memory is measured
 * by bench/compare.sh, in a server process of its own, not in this shared test JVM.)
 */
class ManyConnectionsTest {

    private static final int CONNECTIONS = Integer.getInteger("tlsecho.many.connections", 10_000);
    /** Descriptors the test JVM may open meanwhile for its own reasons (class loading, logging). */
    private static final int DESCRIPTOR_TOLERANCE = 16;

    @TempDir
    Path dir;

    @Test
    @Timeout(600)
    void tenThousandConnectionsHeldThenEchoedLeaveNothingOpen() throws Exception {
        Logger echoLog = (Logger) LoggerFactory.getLogger("echo");
        Level level = echoLog.getLevel();
        // Two log lines per connection would dominate the run.
        echoLog.setLevel(Level.WARN);
        try (EchoServer server = EchoServer.start(Fixtures.server().maxConnections(CONNECTIONS)
                // Timeouts far beyond the run: on a loaded machine opening 10,000 took over 2 minutes, and the
                // first connections, idle meanwhile, were closed before the echo.
                .handshakeTimeout(Duration.ofMinutes(5)).idleTimeout(Duration.ofMinutes(10)).build())) {
            Fixtures.assertServes(server);
            long descriptorsBefore = openDescriptors();
            Path cert = Files.writeString(dir.resolve("server.crt"), Fixtures.CERT.certificatePem());

            long start = System.nanoTime();
            Process client = new ProcessBuilder(javaBinary(), "-cp", testClassPath(),
                    ManyConnectionsClient.class.getName(), String.valueOf(server.port()),
                    String.valueOf(CONNECTIONS), cert.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(),
                        StandardCharsets.US_ASCII));
                assertThat(out.readLine()).isEqualTo("open " + CONNECTIONS + " 0");
                long opened = System.nanoTime();
                assertThat(server.stats().open()).isEqualTo(CONNECTIONS);

                OutputStream in = client.getOutputStream();
                in.write("echo\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
                assertThat(out.readLine()).isEqualTo("echoed " + CONNECTIONS + " 0");
                long echoed = System.nanoTime();
                assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
                BadInputTest.awaitCount(() -> server.stats().open(), 0);
                assertThat(server.stats().completed()).isEqualTo(CONNECTIONS + 1);
                assertThat(server.stats().closed(CloseReason.NUL)).isEqualTo(CONNECTIONS + 1);
                assertThat(server.stats().rejected()).isZero();
                assertThat(server.stats().handshakesInFlight()).isZero();

                long descriptorsAfter = openDescriptors();
                System.out.printf("ManyConnectionsTest: %d connections open in %d ms, echoed in %d ms; "
                                + "%d descriptors open before, %d after%n", CONNECTIONS,
                        TimeUnit.NANOSECONDS.toMillis(opened - start), TimeUnit.NANOSECONDS.toMillis(echoed - opened),
                        descriptorsBefore, descriptorsAfter);
                assertThat(serverSideSockets(server.port())).as("sockets left on the server's port").isEmpty();
                assertThat(descriptorsAfter - descriptorsBefore).as("descriptors left open after %d connections",
                        CONNECTIONS).isLessThanOrEqualTo(DESCRIPTOR_TOLERANCE);
                Fixtures.assertServes(server);
            } finally {
                client.destroyForcibly();
            }
        } finally {
            echoLog.setLevel(level);
        }
    }

    /** The descriptors this process has open, from /proc/self/fd. */
    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /**
     * The kernel's IPv4 sockets on local port {@code port} that the server still holds open: ESTABLISHED (01) or
     * CLOSE_WAIT (08, the client has closed and the server has not). TIME_WAIT is the kernel's, after a close.
     */
    private static List<String> serverSideSockets(int port) throws IOException {
        String local = String.format(":%04X", port);
        return Files.readAllLines(Path.of("/proc/net/tcp")).stream().skip(1).map(String::trim)
                .map(l -> l.split("\\s+"))
                .filter(f -> f[1].endsWith(local) && (f[3].equals("01") || f[3].equals("08")))
                .map(f -> String.join(" ", f[1], f[2], f[3]))
                .toList();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Surefire's real test class path when it runs tests from a manifest-only jar. */
    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }
}
