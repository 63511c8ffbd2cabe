package io.tlsecho.robust;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.AdminTestSupport;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.EchoServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.slf4j.LoggerFactory;

/**
 * One certificate for all robustness tests, raw clients that trust it, and server checks. {@link LogCapture} is
 * public: tests in other packages capture a logger with it too.
 */
public final class Fixtures {

    static final HeldCertificate CERT = HeldCertificate.builder()
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .build();

    private Fixtures() {
    }

    /** A server builder on 127.0.0.1, a free port, and the test certificate. */
    static EchoServerConfig.Builder server() {
        return EchoServer.builder(CERT).host("127.0.0.1").port(0);
    }

    /** A JDK TLS context that trusts only the test certificate. */
    static SSLContext jdkContext() {
        try {
            return AdminTestSupport.trusting(CERT);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A plain TCP connection to {@code server}. */
    static Socket tcp(EchoServer server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        return s;
    }

    /**
     * A handshaken TLS connection layered on {@code tcp}: closing {@code tcp} from another thread
     * unblocks a reader or writer stuck in it.
     */
    static SSLSocket tls(Socket tcp) throws IOException {
        SSLSocket s = (SSLSocket) jdkContext().getSocketFactory()
                .createSocket(tcp, "127.0.0.1", tcp.getPort(), true);
        s.startHandshake();
        return s;
    }

    /** A normal conversation succeeds: the server still serves. */
    static void assertServes(EchoServer server) throws Exception {
        EchoClientConfig config = EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                .trust(List.of(CERT.certificate()), "test").build();
        try (EchoClient client = EchoClient.create(config)) {
            EchoResult result = client.exchange(List.of(
                    "still ".getBytes(StandardCharsets.US_ASCII), "serving".getBytes(StandardCharsets.US_ASCII)));
            assertThat(result.matches()).as("normal client after abuse: %s", result.mismatch()).isTrue();
            assertThat(new String(result.echo(), StandardCharsets.US_ASCII)).isEqualTo("still serving");
        }
    }

    /**
     * Waits up to {@code timeout} for the peer to close {@code in}: end of stream or a reset. Returns
     * how long it took; fails if the connection is still open.
     */
    static Duration awaitClosed(Socket socket, InputStream in, Duration timeout) throws IOException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        byte[] buf = new byte[8192];
        while (true) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
            try {
                if (in.read(buf) < 0) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("connection still open after " + timeout);
            } catch (IOException e) {
                // A reset is a close too.
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
    }

    /** Bytes in use by Netty's default allocator and its direct memory counter. */
    static long nettyMemory() {
        long used = 0;
        if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) {
            used += p.metric().usedDirectMemory() + p.metric().usedHeapMemory();
        }
        long counted = PlatformDependent.usedDirectMemory();
        return Math.max(used, counted);
    }

    /** Captures what the logger {@code name} logs until closed. */
    public static final class LogCapture implements AutoCloseable {
        private final Logger logger;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final Level level;

        public LogCapture(String name) {
            logger = (Logger) LoggerFactory.getLogger(name);
            // Another test may have left the root at -q (errors only): capture this logger at INFO whatever it is.
            level = logger.getLevel();
            logger.setLevel(Level.INFO);
            appender.start();
            logger.addAppender(appender);
        }

        /** The events so far. */
        public List<ILoggingEvent> events() {
            synchronized (appender) {
                return List.copyOf(appender.list);
            }
        }

        /** The formatted messages so far. */
        public List<String> messages() {
            return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        /** The formatted messages logged at WARN so far. */
        public List<String> warnings() {
            return events().stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(level);
            appender.stop();
        }
    }
}
