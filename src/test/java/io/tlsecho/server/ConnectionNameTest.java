package io.tlsecho.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A listener's own name for its connections in the log (the test bed names them by scenario). */
@Timeout(60)
class ConnectionNameTest {

    @Test
    void connectionsAreNamedByTheListenersNameWhenGiven() throws Exception {
        try (EchoServer server = EchoServer.start(EchoServer.plainBuilder().host("127.0.0.1").port(0)
                .connectionName("expired").build());
             ConnectionLogCapture log = new ConnectionLogCapture();
             Socket tcp = new Socket()) {
            tcp.connect(new InetSocketAddress("127.0.0.1", server.port()));
            tcp.getOutputStream().write("hi\0".getBytes(US_ASCII));
            assertThat(new String(tcp.getInputStream().readAllBytes(), US_ASCII)).isEqualTo("hi");
            log.await("expired_127.0.0.1_" + tcp.getLocalPort() + ": connection accepted");
            assertThat(log.lines()).noneMatch(line -> line.startsWith("echo_"));
        }
    }

    @Test
    void connectionsAreNamedEchoByDefaultAsTheSeedNamesThem() {
        assertThat(EchoServer.plainBuilder().build().listening().connectionName()).isEqualTo("echo");
    }
}
