package io.tlsecho.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server's lingering close on real sockets, on each transport (epoll and io_uring shut the socket's output
 * themselves): a client that keeps sending after the server gave up on it still reads the server's last bytes (the
 * alert) and then its FIN, not a reset; and the server's side closes once the client closes too.
 */
@Timeout(60)
class LingeringCloseSocketTest {

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aClientStillSendingReadsTheAlertAndAFinAndTheServerClosesWhenItDoes(Transport transport) throws Exception {
        assertThat(transport.isAvailable()).as(transport + " loads here").isTrue();
        HeldCertificate cert = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
        EchoServerConfig config = EchoServer.builder(cert).host("127.0.0.1").port(0).transport(transport).build();
        try (EchoServer server = EchoServer.start(config);
             Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // A handshake record holding an empty ClientHello: the server answers with an alert and closes.
            out.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00});
            out.flush();
            // The alert first (a 7-byte record): the server's FIN follows it.
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (got.size() < 7) {
                int n = in.read(buf);
                assertThat(n).as("bytes before the server's FIN").isPositive();
                got.write(buf, 0, n);
            }
            // Still sending, after the server's FIN: a server that closed at once would have the kernel reset.
            for (int i = 0; i < 20; i++) {
                out.write(new byte[512]);
                out.flush();
            }
            for (int n; (n = in.read(buf)) != -1; ) {
                got.write(buf, 0, n);
            }
            byte[] bytes = got.toByteArray();
            assertThat(bytes[0]).as("a TLS alert record").isEqualTo((byte) 21);
            assertThat(server.stats().open()).as("open while the client has not closed").isEqualTo(1);

            socket.close();
            assertThat(server.awaitConnectionsClosed(Duration.ofSeconds(5))).as("closed after the client").isTrue();
            assertThat(server.stats().open()).isZero();
        }
    }
}
