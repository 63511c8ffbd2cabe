package io.tlsecho.robust;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.tlsecho.server.EchoServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * 10,000 TLS connections held open at once against one server, each then echoing; afterwards the
 * server's heap is back where it was. The clients run in a separate JVM
 * ({@link ManyConnectionsClient}): one process cannot hold both ends within its file limit.
 */
class ManyConnectionsTest {

    private static final int CONNECTIONS = Integer.getInteger("tlsecho.many.connections", 10_000);
    private static final long HEAP_TOLERANCE = 32L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void tenThousandConnectionsHeldThenEchoedLeaveNoHeapBehind() throws Exception {
        Logger echoLog = (Logger) LoggerFactory.getLogger("echo");
        Level level = echoLog.getLevel();
        // Two log lines per connection would dominate the run.
        echoLog.setLevel(Level.WARN);
        try (EchoServer server = EchoServer.start(Fixtures.server().maxConnections(CONNECTIONS)
                .handshakeTimeout(Duration.ofSeconds(60)).idleTimeout(Duration.ofSeconds(120)).build())) {
            Fixtures.assertServes(server);
            long heapBefore = usedHeapAfterGc();
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
                assertThat(server.stats().rejected()).isZero();

                long heapAfter = usedHeapAfterGc();
                System.out.printf("ManyConnectionsTest: %d connections open in %d ms, echoed in %d ms; "
                                + "server heap %d MiB before, %d MiB after%n", CONNECTIONS,
                        TimeUnit.NANOSECONDS.toMillis(opened - start), TimeUnit.NANOSECONDS.toMillis(echoed - opened),
                        heapBefore >> 20, heapAfter >> 20);
                assertThat(heapAfter - heapBefore).as("heap growth after %d connections closed", CONNECTIONS)
                        .isLessThan(HEAP_TOLERANCE);
                Fixtures.assertServes(server);
            } finally {
                client.destroyForcibly();
            }
        } finally {
            echoLog.setLevel(level);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
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
