package io.tlsecho.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.transport.ProxyHeaderSender;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PROXY protocol on the server: the header names the connection's peer, and a connection
 * without the header expected is refused with one line saying what came instead, and counted.
 */
@Timeout(60)
class ProxyProtocolTest {

    private static final HeldCertificate CERT = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
    /** The PROXY v2 signature, then PROXY/TCP4 and 12 address bytes. */
    private static final byte[] V2_HEAD = {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a,
        0x21, 0x11, 0x00, 0x0c};

    @ParameterizedTest
    @EnumSource(ProxyHeaderSender.Version.class)
    void headerFromOurClientIsAcceptedAndTheEchoComesBack(ProxyHeaderSender.Version version) throws Exception {
        try (EchoServer server = server(ProxyProtocol.ANY, Duration.ofSeconds(10));
             EchoClient client = EchoClient.create(clientConfig(server).sendProxy(version).build())) {
            EchoResult r = client.exchange(List.of("through ".getBytes(US_ASCII), "a balancer".getBytes(US_ASCII)));
            assertThat(new String(r.echo(), US_ASCII)).isEqualTo("through a balancer");
            assertThat(server.stats().proxyHeaderRejected()).isZero();
        }
    }

    @Test
    void theClientTheHeaderNamesNamesTheConnection() throws Exception {
        try (EchoServer server = server(ProxyProtocol.V1, Duration.ofSeconds(10));
             ConnectionLogCapture log = new ConnectionLogCapture();
             Socket tcp = tcp(server)) {
            tcp.getOutputStream().write(("PROXY TCP4 203.0.113.7 127.0.0.1 4242 " + server.port() + "\r\n").getBytes(US_ASCII));
            SSLSocket tls = tls(tcp);
            tls.getOutputStream().write("hi\0".getBytes(US_ASCII));
            assertThat(new String(tls.getInputStream().readAllBytes(), US_ASCII)).isEqualTo("hi");
            log.await("echo_203.0.113.7_4242: connection accepted");
        }
    }

    @Test
    void plainTcpBehindAHeaderIsAcceptedAndSummarisedAsAConversation() throws Exception {
        try (EchoServer server = EchoServer.start(EchoServer.plainBuilder().host("127.0.0.1").port(0)
                .proxyProtocol(ProxyProtocol.V1).build());
             ConnectionLogCapture log = new ConnectionLogCapture();
             Socket tcp = tcp(server)) {
            tcp.getOutputStream().write(("PROXY TCP4 203.0.113.9 127.0.0.1 4343 " + server.port() + "\r\nplain\0")
                    .getBytes(US_ASCII));
            assertThat(new String(tcp.getInputStream().readAllBytes(), US_ASCII)).isEqualTo("plain");
            log.await("echo_203.0.113.9_4343: connection accepted");
            log.await("echo_203.0.113.9_4343: connection closed: nul, echo, 6 bytes received, 5 echoed");
            assertThat(server.stats().closed(CloseReason.NUL)).isEqualTo(1);
            assertThat(server.stats().closed(CloseReason.HANDSHAKE_FAILED)).isZero();
        }
    }

    @Test
    void aLocalHeaderKeepsTheBalancerAsThePeer() throws Exception {
        try (EchoServer server = server(ProxyProtocol.V2, Duration.ofSeconds(10));
             ConnectionLogCapture log = new ConnectionLogCapture();
             Socket tcp = tcp(server)) {
            // v2, LOCAL (the balancer's own health check), no address block.
            tcp.getOutputStream().write(new byte[] {0x0d, 0x0a, 0x0d, 0x0a, 0x00, 0x0d, 0x0a, 0x51, 0x55, 0x49, 0x54, 0x0a,
                0x20, 0x00, 0x00, 0x00});
            SSLSocket tls = tls(tcp);
            tls.getOutputStream().write("ok\0".getBytes(US_ASCII));
            assertThat(new String(tls.getInputStream().readAllBytes(), US_ASCII)).isEqualTo("ok");
            log.await("echo_127.0.0.1_" + tcp.getLocalPort() + ": connection accepted");
        }
    }

    @Test
    void tlsWithoutTheHeaderIsRefusedAndCounted() throws Exception {
        try (EchoServer server = server(ProxyProtocol.V2, Duration.ofSeconds(10));
             ConnectionLogCapture log = new ConnectionLogCapture();
             EchoClient client = EchoClient.create(clientConfig(server).build())) {
            EchoResult unused = null;
            try {
                unused = client.exchange(List.of("x".getBytes(US_ASCII)));
            } catch (Exception expected) {
                // the server closes before the handshake
            }
            assertThat(unused).isNull();
            assertThat(log.await("rejected:")).endsWith("rejected: expected a PROXY v2 header, got a TLS ClientHello");
            assertThat(server.stats().proxyHeaderRejected()).isEqualTo(1);
            assertThat(server.stats().handshakesInFlight()).isZero();
        }
    }

    @Test
    void theOtherVersionIsRefused() throws Exception {
        try (EchoServer server = server(ProxyProtocol.V2, Duration.ofSeconds(10));
             ConnectionLogCapture log = new ConnectionLogCapture();
             Socket tcp = tcp(server)) {
            tcp.getOutputStream().write("PROXY TCP4 203.0.113.7 127.0.0.1 4242 443\r\n".getBytes(US_ASCII));
            awaitClosed(tcp);
            assertThat(log.await("rejected:")).endsWith("expected a PROXY v2 header, got a PROXY v1 header");
            assertThat(server.stats().proxyHeaderRejected()).isEqualTo(1);
        }
    }

    @Test
    void malformedHeadersAreRefused() throws Exception {
        try (EchoServer server = server(ProxyProtocol.ANY, Duration.ofSeconds(10));
             ConnectionLogCapture log = new ConnectionLogCapture()) {
            try (Socket tcp = tcp(server)) {
                tcp.getOutputStream().write("PROXY TCP4 999.0.113.7 127.0.0.1 4242 443\r\n".getBytes(US_ASCII));
                awaitClosed(tcp);
            }
            assertThat(log.await("rejected:")).contains("rejected: malformed PROXY header: ").contains("999.0.113.7");
            try (Socket tcp = tcp(server)) {
                // A v2 header whose version/command byte says version 3.
                byte[] bad = V2_HEAD.clone();
                bad[12] = 0x31;
                tcp.getOutputStream().write(bad);
                tcp.getOutputStream().write(new byte[12]);
                awaitClosed(tcp);
            }
            awaitCount(server, 2);
            // The rejection is counted before it is logged: wait for the second line too.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (malformed(log) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(log.lines()).filteredOn(l -> l.contains("rejected: malformed PROXY header")).hasSize(2);
        }
    }

    @Test
    void aSilentConnectionIsRefusedAtTheHandshakeTimeout() throws Exception {
        try (EchoServer server = server(ProxyProtocol.V2, Duration.ofMillis(500));
             ConnectionLogCapture log = new ConnectionLogCapture();
             Socket tcp = tcp(server)) {
            tcp.getOutputStream().write(V2_HEAD, 0, 5);
            awaitClosed(tcp);
            assertThat(log.await("rejected:")).endsWith("rejected: no complete PROXY header within 500 ms");
            assertThat(server.stats().proxyHeaderRejected()).isEqualTo(1);
        }
    }

    @Test
    void withTheProtocolOffAHeaderIsNamedAsNotTls() throws Exception {
        try (EchoServer server = server(ProxyProtocol.OFF, Duration.ofSeconds(10));
             ConnectionLogCapture log = new ConnectionLogCapture();
             Socket tcp = tcp(server)) {
            tcp.getOutputStream().write(V2_HEAD);
            tcp.getOutputStream().write(new byte[12]);
            awaitClosed(tcp);
            log.await("not speaking TLS (looks like a PROXY v2 header)");
            assertThat(server.stats().proxyHeaderRejected()).isZero();
        }
    }

    private static long malformed(ConnectionLogCapture log) {
        return log.lines().stream().filter(l -> l.contains("rejected: malformed PROXY header")).count();
    }

    private static void awaitCount(EchoServer server, long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.stats().proxyHeaderRejected() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.stats().proxyHeaderRejected()).isEqualTo(n);
    }

    private static EchoServer server(ProxyProtocol proxy, Duration handshakeTimeout) throws Exception {
        return EchoServer.start(EchoServer.builder(CERT)
                .host("127.0.0.1").port(0).proxyProtocol(proxy).handshakeTimeout(handshakeTimeout).build());
    }

    private static EchoClientConfig.Builder clientConfig(EchoServer server) {
        return EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                .trust(List.of(CERT.certificate()), "test").handshakeTimeout(Duration.ofSeconds(10));
    }

    private static Socket tcp(EchoServer server) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static SSLSocket tls(Socket tcp) throws Exception {
        SSLSocket s = (SSLSocket) AdminTestSupport.trusting(CERT).getSocketFactory().createSocket(tcp, "127.0.0.1", tcp.getPort(), true);
        s.startHandshake();
        return s;
    }

    /** Reads until the server closes (end of stream or a reset). */
    private static void awaitClosed(Socket tcp) throws IOException {
        InputStream in = tcp.getInputStream();
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (SocketException reset) {
            // a reset is a close too
        }
    }
}
