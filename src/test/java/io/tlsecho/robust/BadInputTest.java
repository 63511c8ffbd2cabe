package io.tlsecho.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.PeerTools;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.HandshakeFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Peers that misbehave; after each, the server must still serve a normal client. */
class BadInputTest {

    private static final int MIB = 1024 * 1024;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(500);
    /**
     * The budget of the thousand-connection tests, and their server's handshake timeout. They hold every
     * connection silent while they open the rest (and count them), but the server's handshake clock starts when
     * it takes a connection: at load average 30+ the first ones waited past the default 10 s and were cut (one
     * empty echo; 53 to 99 of 100 served, the rest handshake timeouts). A server that gives up on a connection
     * is tested by the silent and truncated tests above, not here.
     */
    private static final int STORM_SECONDS = 120;

    @Test
    @Timeout(20)
    void plainHttpIsNamedAndClosed() throws Exception {
        try (EchoServer server = EchoServer.start(Fixtures.server().build());
             Fixtures.LogCapture log = new Fixtures.LogCapture("echo");
             Socket s = Fixtures.tcp(server)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Fixtures.awaitClosed(s, s.getInputStream(), Duration.ofSeconds(5));
            awaitLog(log, "not speaking TLS (looks like HTTP)");
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(20)
    void randomBytesAreClosed() throws Exception {
        byte[] junk = new byte[4096];
        new Random(42).nextBytes(junk);
        try (EchoServer server = EchoServer.start(Fixtures.server().build());
             Socket s = Fixtures.tcp(server)) {
            s.getOutputStream().write(junk);
            Fixtures.awaitClosed(s, s.getInputStream(), Duration.ofSeconds(5));
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(20)
    void truncatedClientHelloIsClosedByTheHandshakeTimeout() throws Exception {
        // A TLS record header announcing 512 bytes of ClientHello, then only its first 43.
        byte[] hello = new byte[5 + 4 + 2 + 32];
        byte[] head = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        System.arraycopy(head, 0, hello, 0, head.length);
        Arrays.fill(hello, head.length, hello.length, (byte) 0x5a);
        try (EchoServer server = EchoServer.start(Fixtures.server().handshakeTimeout(HANDSHAKE_TIMEOUT).build());
             Socket s = Fixtures.tcp(server)) {
            s.getOutputStream().write(hello);
            Fixtures.awaitClosed(s, s.getInputStream(), Duration.ofSeconds(15));
            // Closed by the handshake timeout, not for the bytes it sent: one failure, counted as a timeout.
            awaitCount(() -> server.stats().handshakeFailures(HandshakeFailure.TIMEOUT), 1);
            assertThat(server.stats().handshakeFailures()).isEqualTo(1);
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(20)
    void silentConnectionIsClosedByTheHandshakeTimeout() throws Exception {
        try (EchoServer server = EchoServer.start(Fixtures.server().handshakeTimeout(HANDSHAKE_TIMEOUT).build());
             Socket s = Fixtures.tcp(server)) {
            Fixtures.awaitClosed(s, s.getInputStream(), Duration.ofSeconds(15));
            awaitCount(() -> server.stats().handshakeFailures(HandshakeFailure.TIMEOUT), 1);
            assertThat(server.stats().handshakeFailures()).isEqualTo(1);
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(30)
    void tls10ClientIsRefused() throws Exception {
        // The JDK disables TLS 1.0 for the whole process; openssl can still offer it alone.
        try (EchoServer server = EchoServer.start(Fixtures.server().build())) {
            Process p = new ProcessBuilder(PeerTools.require("openssl").toString(), "s_client", "-tls1",
                    "-cipher", "DEFAULT@SECLEVEL=0", "-connect", "127.0.0.1:" + server.port())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isNotZero();
            assertThat(out).containsIgnoringCase("protocol version");
            awaitCount(() -> server.stats().handshakeFailures(), 1);
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(20)
    void resetMidEchoIsForgotten() throws Exception {
        try (EchoServer server = EchoServer.start(Fixtures.server().build())) {
            Socket tcp = Fixtures.tcp(server);
            SSLSocket tls = Fixtures.tls(tcp);
            byte[] part = new byte[256 * 1024];
            Arrays.fill(part, (byte) 'r');
            tls.getOutputStream().write(part);
            tls.getOutputStream().flush();
            tls.getInputStream().readNBytes(1000);
            tcp.setSoLinger(true, 0);
            tcp.close();
            awaitCount(() -> server.stats().open() == 0 ? 1 : 0, 1);
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(60)
    void floodWithoutReadingStallsTheWriterAndHoldsBoundedMemory() throws Exception {
        long flood = 256L * MIB;
        try (EchoServer server = EchoServer.start(Fixtures.server().idleTimeout(Duration.ofSeconds(30)).build())) {
            Fixtures.assertServes(server);
            long baseline = Fixtures.nettyMemory();
            Socket tcp = Fixtures.tcp(server);
            SSLSocket tls = Fixtures.tls(tcp);
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, (byte) 'f');
                try {
                    OutputStream out = tls.getOutputStream();
                    while (written.get() < flood) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // The test cut the connection.
                }
            }, "flood-writer");
            writer.start();
            try {
                long peak = sampleUntilStalled(written, writer, Duration.ofSeconds(2));
                System.out.printf("flood: writer stalled after %d KiB; Netty memory %d KiB at start, peak %d KiB%n",
                        written.get() >> 10, baseline >> 10, peak >> 10);
                assertThat(writer.isAlive()).as("the flood's writes block while the server does not read").isTrue();
                assertThat(written.get()).as("bytes written before the writes stalled").isLessThan(64L * MIB);
                assertThat(peak - baseline).as("Netty memory above the baseline %s during the flood", baseline)
                        .isLessThan(16L * MIB);
            } finally {
                tcp.setSoLinger(true, 0);
                tcp.close();
                writer.join(5000);
            }
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(60)
    void slowReaderHoldsBoundedMemory() throws Exception {
        try (EchoServer server = EchoServer.start(Fixtures.server().build())) {
            Fixtures.assertServes(server);
            long baseline = Fixtures.nettyMemory();
            Socket tcp = Fixtures.tcp(server);
            SSLSocket tls = Fixtures.tls(tcp);
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[16 * 1024];
                Arrays.fill(chunk, (byte) 's');
                try {
                    OutputStream out = tls.getOutputStream();
                    for (int i = 0; i < 64 * MIB / chunk.length; i++) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // The test cut the connection.
                }
            }, "slow-reader-writer");
            writer.start();
            long peak = 0;
            try {
                InputStream in = tls.getInputStream();
                for (int second = 0; second < 4; second++) {
                    assertThat(in.read()).isEqualTo('s');
                    for (int i = 0; i < 50; i++) {
                        peak = Math.max(peak, Fixtures.nettyMemory());
                        Thread.sleep(20);
                    }
                }
                System.out.printf("slow reader: writer got %d KiB through; Netty memory %d KiB at start, peak %d KiB%n",
                        written.get() >> 10, baseline >> 10, peak >> 10);
                assertThat(written.get()).as("bytes a 1 B/s reader let through").isLessThan(32L * MIB);
                assertThat(peak - baseline).as("Netty memory above the baseline %s", baseline).isLessThan(16L * MIB);
            } finally {
                tcp.setSoLinger(true, 0);
                tcp.close();
                writer.join(5000);
            }
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(STORM_SECONDS)
    void thousandConnectionsAtOnceAllEcho() throws Exception {
        try (EchoServer server = EchoServer.start(Fixtures.server().handshakeTimeout(Duration.ofSeconds(STORM_SECONDS))
                .build())) {
            List<Socket> sockets = openAll(server, 1000);
            ExecutorService pool = Executors.newFixedThreadPool(64);
            try {
                List<Future<String>> echoes = new ArrayList<>();
                for (int i = 0; i < sockets.size(); i++) {
                    Socket tcp = sockets.get(i);
                    String message = "connection " + i;
                    echoes.add(pool.submit(() -> converse(Fixtures.tls(tcp), message)));
                }
                for (int i = 0; i < echoes.size(); i++) {
                    assertThat(echoes.get(i).get(STORM_SECONDS, TimeUnit.SECONDS)).isEqualTo("connection " + i);
                }
            } finally {
                pool.shutdownNow();
                closeAll(sockets);
            }
            assertThat(server.stats().rejected()).isZero();
            assertThat(server.stats().completed()).isEqualTo(1000);
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(STORM_SECONDS)
    void thousandConnectionsAtOnceBeyondTheLimitAreRejected() throws Exception {
        // No bound on handshakes in flight: over the limit, connections are accepted and closed at once, not queued.
        try (EchoServer server = EchoServer.start(Fixtures.server().maxConnections(100).maxHandshakes(Integer.MAX_VALUE)
                .handshakeTimeout(Duration.ofSeconds(STORM_SECONDS)).build())) {
            List<Socket> sockets = openAll(server, 1000);
            ExecutorService pool = Executors.newFixedThreadPool(64);
            try {
                // Under load the server takes ~100 connections a second: wait for all, however long that takes.
                awaitCount(() -> server.stats().accepted() + server.stats().rejected(), 1000,
                        Duration.ofSeconds(STORM_SECONDS));
                assertThat(server.stats().accepted()).isEqualTo(100);
                assertThat(server.stats().rejected()).isEqualTo(900);
                List<Future<Boolean>> tries = new ArrayList<>();
                for (Socket tcp : sockets) {
                    tries.add(pool.submit(() -> {
                        try {
                            tcp.setSoTimeout(STORM_SECONDS * 1000);
                            return converse(Fixtures.tls(tcp), "within the limit").equals("within the limit");
                        } catch (IOException e) {
                            return false;
                        }
                    }));
                }
                int served = 0;
                for (Future<Boolean> t : tries) {
                    served += t.get(STORM_SECONDS, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(served).isEqualTo(100);
            } finally {
                pool.shutdownNow();
                closeAll(sockets);
            }
            awaitCount(() -> server.stats().open() == 0 ? 1 : 0, 1);
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(20)
    void bytesAfterTheNulAreNotEchoed() throws Exception {
        try (EchoServer server = EchoServer.start(Fixtures.server().build())) {
            Socket tcp = Fixtures.tcp(server);
            SSLSocket tls = Fixtures.tls(tcp);
            tls.getOutputStream().write("hello\0world".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertThat(readAll(tls.getInputStream())).isEqualTo("hello");
            tcp.close();
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(30)
    void echoArrivesWhileTheClientGoesOnSendingAfterItsNul() throws Exception {
        try (EchoServer server = EchoServer.start(Fixtures.server().build())) {
            for (int round = 0; round < 20; round++) {
                Socket tcp = Fixtures.tcp(server);
                SSLSocket tls = Fixtures.tls(tcp);
                Thread writer = new Thread(() -> {
                    byte[] after = new byte[16 * 1024];
                    Arrays.fill(after, (byte) 'z');
                    try {
                        OutputStream out = tls.getOutputStream();
                        out.write("hello\0".getBytes(StandardCharsets.US_ASCII));
                        for (int i = 0; i < 64; i++) {
                            out.write(after);
                        }
                    } catch (IOException e) {
                        // The server closed after the NUL.
                    }
                }, "after-nul-writer");
                writer.start();
                try {
                    assertThat(readAll(tls.getInputStream())).as("round %s", round).isEqualTo("hello");
                } finally {
                    tcp.close();
                    writer.join(5000);
                }
            }
            Fixtures.assertServes(server);
        }
    }

    private static String converse(SSLSocket tls, String message) throws IOException {
        try (tls) {
            tls.getOutputStream().write((message + "\0").getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            return readAll(tls.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            echo.write(buf, 0, n);
        }
        return echo.toString(StandardCharsets.US_ASCII);
    }

    private static List<Socket> openAll(EchoServer server, int n) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(Fixtures.tcp(server));
            }
        } catch (IOException e) {
            closeAll(sockets);
            throw e;
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }

    /** Samples Netty's memory until the writer makes no progress for {@code stall}; returns the peak. */
    private static long sampleUntilStalled(AtomicLong written, Thread writer, Duration stall)
            throws InterruptedException {
        long peak = 0;
        long last = -1;
        long lastChange = System.nanoTime();
        while (writer.isAlive() && System.nanoTime() - lastChange < stall.toNanos()) {
            peak = Math.max(peak, Fixtures.nettyMemory());
            long now = written.get();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            }
            Thread.sleep(10);
        }
        return peak;
    }

    private static void awaitLog(Fixtures.LogCapture log, String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (log.messages().stream().noneMatch(m -> m.contains(fragment))) {
            assertThat(System.nanoTime()).as("a log line containing '%s' in %s", fragment, log.messages())
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    static void awaitCount(java.util.function.LongSupplier count, long expected) throws InterruptedException {
        awaitCount(count, expected, Duration.ofSeconds(10));
    }

    static void awaitCount(java.util.function.LongSupplier count, long expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.getAsLong() != expected) {
            assertThat(System.nanoTime()).as("count %s, expected %s", count.getAsLong(), expected)
                    .isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
