package io.tlsecho.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** At --max-handshakes in flight the server stops accepting; everyone still gets their echo. */
@Timeout(120)
class MaxHandshakesTest {

    private static final HeldCertificate CERT = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();

    @Test
    void connectionsBeyondTheBoundWaitUnacceptedUntilAPlaceFrees() throws Exception {
        try (EchoServer server = server(2)) {
            List<Socket> sockets = new ArrayList<>();
            try {
                // Two connections that start a handshake and stall after the server's first flight hold both
                // places. The server has read their ClientHello (it answered), so they are not silent: their
                // places stay taken past the silent grace.
                for (int i = 0; i < 2; i++) {
                    sockets.add(stallAfterServerHello(server));
                }
                assertThat(server.stats().accepted()).isEqualTo(2);
                assertThat(server.stats().handshakesInFlight()).isEqualTo(2);
                // The next ones: the server takes none of them into a pipeline, and once it has seen one it stops
                // accepting, so the rest wait in the kernel's queue.
                for (int i = 0; i < 4; i++) {
                    sockets.add(connect(server));
                }
                long paused = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!server.stats().acceptPaused() && System.nanoTime() < paused) {
                    Thread.sleep(10);
                }
                assertThat(server.stats().acceptPaused()).as("the server saw a connection beyond the bound").isTrue();
                assertThat(server.stats().accepted()).isEqualTo(2);
                assertThat(server.stats().handshakesInFlight()).isEqualTo(2);

                // One stalled handshake ends: a place frees and the server takes the next connection, which,
                // silent, gives it up to the next, and so on.
                sockets.get(0).close();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (server.stats().accepted() < 6 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(server.stats().accepted()).isEqualTo(6);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            awaitOpen(server, 0);
            assertThat(exchange(server, "after")).isEqualTo("after");
            assertThat(server.stats().handshakesInFlight()).isZero();
            assertThat(server.stats().acceptPaused()).isFalse();
        }
    }

    @Test
    void closingTheServerWhileConnectionsWaitClosesEveryOneOfThem() throws Exception {
        EchoServer server = EchoServer.start(EchoServer.builder(CERT)
                .host("127.0.0.1").port(0).maxHandshakes(1)
                .handshakeTimeout(Duration.ofSeconds(60)).drainTimeout(Duration.ofMillis(100)).build());
        int port = server.port();
        List<Socket> sockets = new ArrayList<>();
        try {
            // One stalled handshake holds the only place; the storm behind it waits, some taken and unregistered.
            sockets.add(connect(server));
            sockets.get(0).getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
            awaitOpen(server, 1);
            for (int i = 0; i < 20; i++) {
                sockets.add(connect(server));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!server.stats().acceptPaused() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.stats().acceptPaused()).as("a connection waits for a place").isTrue();

            server.close();

            // Every client sees its connection end (closed or reset), none is left hanging open.
            for (int i = 0; i < sockets.size(); i++) {
                Socket s = sockets.get(i);
                s.setSoTimeout(10_000);
                assertThat(endOf(s)).as("connection %d after the server closed", i).isNotEqualTo("open");
            }
        } finally {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
        // And the server holds no socket of them: nothing on its port is established or waiting to be closed.
        assertThat(serverSideSockets(port)).isEmpty();
    }

    /** "eof", "reset" or, when nothing came for the socket's timeout, "open". */
    private static String endOf(Socket s) throws Exception {
        try {
            return s.getInputStream().read() == -1 ? "eof" : "data";
        } catch (java.net.SocketTimeoutException e) {
            return "open";
        } catch (java.net.SocketException e) {
            return "reset";
        }
    }

    /** The kernel's ESTABLISHED (01) and CLOSE_WAIT (08) IPv4 sockets whose local port is {@code port}. */
    private static List<String> serverSideSockets(int port) throws Exception {
        String local = String.format(":%04X ", port);
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/tcp")).stream().skip(1)
                .map(String::trim)
                .filter(l -> l.split("\\s+")[1].endsWith(local.trim()))
                .filter(l -> {
                    String state = l.split("\\s+")[3];
                    return state.equals("01") || state.equals("08");
                })
                .toList();
    }

    @Test
    void silentConnectionsGiveTheirPlacesUp() throws Exception {
        try (EchoServer server = server(2)) {
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    silent.add(connect(server));
                }
                // Each is taken, sends nothing, and frees its place after the grace: all six get in.
                awaitOpen(server, 6);
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (server.stats().handshakesInFlight() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(server.stats().handshakesInFlight()).isZero();
                assertThat(exchange(server, "served beside them")).isEqualTo("served beside them");
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
        }
    }

    @Test
    void manyConcurrentClientsAllGetTheirEchoAndNoMoreThanTwoHandshakesRunAtOnce() throws Exception {
        int clients = 60;
        try (EchoServer server = server(2)) {
            AtomicInteger most = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (running.get()) {
                    most.accumulateAndGet(server.stats().handshakesInFlight(), Math::max);
                    LockSupport.parkNanos(20_000);
                }
            });
            watcher.start();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<String>> echoes = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    String message = "client " + i;
                    echoes.add(pool.submit(() -> exchange(server, message)));
                }
                for (int i = 0; i < clients; i++) {
                    assertThat(echoes.get(i).get()).isEqualTo("client " + i);
                }
            } finally {
                running.set(false);
                watcher.join();
                pool.shutdownNow();
            }
            assertThat(most.get()).isBetween(1, 2);
            assertThat(server.stats().handshakesInFlight()).isZero();
            assertThat(server.stats().completed()).isEqualTo(clients);
            assertThat(server.stats().acceptPauses()).isPositive();
        }
    }

    private static String exchange(EchoServer server, String message) throws Exception {
        EchoClientConfig config = EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                .trust(List.of(CERT.certificate()), "test")
                .handshakeTimeout(Duration.ofSeconds(60)).readTimeout(Duration.ofSeconds(60)).build();
        try (EchoClient client = EchoClient.create(config)) {
            EchoResult r = client.exchange(List.of(message.getBytes(US_ASCII)));
            return new String(r.echo(), US_ASCII);
        }
    }

    /**
     * A connection that sends a ClientHello, reads the first byte of the server's answer and then sends nothing
     * more: a handshake in flight that the server has heard from.
     */
    private static Socket stallAfterServerHello(EchoServer server) throws Exception {
        Socket s = connect(server);
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", server.port());
        engine.setUseClientMode(true);
        ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), hello);
        s.getOutputStream().write(hello.array(), 0, hello.position());
        s.setSoTimeout(20_000);
        assertThat(s.getInputStream().read()).as("the server's first byte: a handshake record").isEqualTo(0x16);
        return s;
    }

    private static Socket connect(EchoServer server) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        return s;
    }

    private static void awaitOpen(EchoServer server, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.stats().open() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(server.stats().open()).isEqualTo(n);
    }

    private static EchoServer server(int maxHandshakes) throws Exception {
        return EchoServer.start(EchoServer.builder(CERT)
                .host("127.0.0.1").port(0).maxHandshakes(maxHandshakes)
                .handshakeTimeout(Duration.ofSeconds(60)).build());
    }
}
