package io.tlsecho.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.server.CloseReason;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each limit of the server does what it says, and close() drains before it cuts. */
class LimitsTest {

    @Test
    @Timeout(60)
    void idleConnectionIsClosedByTheIdleTimeout() throws Exception {
        // The idle timer runs from the accept, through the handshake: as long as the handshake timeout, so that a
        // slow handshake on a loaded machine is not what it cuts (at 500 ms and 2 s it cut the handshake or the echo).
        try (EchoServer server = EchoServer.start(Fixtures.server().idleTimeout(Duration.ofSeconds(10)).build())) {
            Socket tcp = Fixtures.tcp(server);
            SSLSocket tls = Fixtures.tls(tcp);
            tls.getOutputStream().write("then nothing".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertThat(tls.getInputStream().readNBytes(12)).asString(StandardCharsets.US_ASCII).isEqualTo("then nothing");
            Fixtures.awaitClosed(tcp, tls.getInputStream(), Duration.ofSeconds(30));
            tcp.close();
            // Closed for being idle, and for nothing else: counted when the connection has closed (once the client
            // closes too, or the linger ends) under the idle reason, with no handshake failure.
            BadInputTest.awaitCount(() -> server.stats().idleClosed(), 1);
            assertThat(server.stats().handshakeFailures()).isZero();
            assertThat(server.stats().closed(CloseReason.ERROR) + server.stats().closed(CloseReason.RESET)).isZero();
            Fixtures.assertServes(server);
        }
    }

    @Test
    @Timeout(20)
    void connectionsPastTheLimitAreClosedAtOnceAndCounted() throws Exception {
        try (EchoServer server = EchoServer.start(Fixtures.server().maxConnections(2).build())) {
            Socket a = Fixtures.tcp(server);
            Socket b = Fixtures.tcp(server);
            SSLSocket tlsA = Fixtures.tls(a);
            Fixtures.tls(b);
            try (Socket c = Fixtures.tcp(server)) {
                // Refused when it arrives (counted as rejected, never open), not left to a handshake timeout.
                Fixtures.awaitClosed(c, c.getInputStream(), Duration.ofSeconds(15));
            }
            assertThat(server.stats().rejected(RejectReason.MAX_CONNECTIONS)).isEqualTo(1);
            assertThat(server.stats().rejected()).isEqualTo(1);
            assertThat(server.stats().accepted()).isEqualTo(2);
            assertThat(server.stats().handshakeFailures()).isZero();
            assertThat(server.stats().open()).isEqualTo(2);
            // Once one ends, there is room again.
            tlsA.getOutputStream().write(new byte[] {'a', 0});
            tlsA.getOutputStream().flush();
            assertThat(readAll(tlsA.getInputStream())).isEqualTo("a");
            BadInputTest.awaitCount(() -> server.stats().open(), 1);
            Fixtures.assertServes(server);
            b.close();
            a.close();
        }
    }

    @Test
    @Timeout(30)
    void conversationFinishingWithinTheDrainTimeoutCompletes() throws Exception {
        // A drain timeout far longer than the test: close() returns because the conversation ended, not because
        // the timeout ran out.
        EchoServer server = EchoServer.start(Fixtures.server().drainTimeout(Duration.ofMinutes(5)).build());
        try (Fixtures.LogCapture log = new Fixtures.LogCapture("main")) {
            Socket tcp = Fixtures.tcp(server);
            SSLSocket tls = Fixtures.tls(tcp);
            tls.getOutputStream().write("before close, ".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertThat(tls.getInputStream().readNBytes(14)).asString(StandardCharsets.US_ASCII).isEqualTo("before close, ");

            Thread closer = new Thread(server::close, "closer");
            closer.start();
            // The drain has begun (no probe connection, which close() would catch open and drain too).
            BadInputTest.awaitCount(() -> server.isDraining() ? 1 : 0, 1);
            tls.getOutputStream().write("after\0".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertThat(readAll(tls.getInputStream())).isEqualTo("after");
            closer.join(20_000);
            assertThat(closer.isAlive()).as("close() still waiting after the last conversation ended").isFalse();
            assertThat(log.messages()).contains("1 connection(s) drained, 0 cut");
            tcp.close();
        } finally {
            server.close();
        }
    }

    @Test
    @Timeout(30)
    void conversationOutlastingTheDrainTimeoutIsCutWithCloseNotify() throws Exception {
        EchoServer server = EchoServer.start(Fixtures.server().drainTimeout(Duration.ofSeconds(5)).build());
        try (Fixtures.LogCapture log = new Fixtures.LogCapture("main")) {
            Socket tcp = Fixtures.tcp(server);
            SSLSocket tls = Fixtures.tls(tcp);
            tls.getOutputStream().write("never ending".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertThat(tls.getInputStream().readNBytes(12)).asString(StandardCharsets.US_ASCII).isEqualTo("never ending");

            Thread closer = new Thread(server::close, "closer");
            closer.start();
            // While the drain lasts the conversation goes on: the server is draining and still echoes.
            BadInputTest.awaitCount(() -> server.isDraining() ? 1 : 0, 1);
            tls.getOutputStream().write(" still".getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            assertThat(tls.getInputStream().readNBytes(6)).asString(StandardCharsets.US_ASCII).isEqualTo(" still");
            // Then the drain timeout cuts it: close_notify reads as a clean end of stream, not a reset.
            tcp.setSoTimeout(20_000);
            assertThat(tls.getInputStream().read()).isEqualTo(-1);
            closer.join(20_000);
            assertThat(closer.isAlive()).isFalse();
            BadInputTest.awaitCount(() -> server.stats().closed(CloseReason.DRAIN), 1);
            assertThat(log.messages()).contains("0 connection(s) drained, 1 cut");
            tcp.close();
        } finally {
            server.close();
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
