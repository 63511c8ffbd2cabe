package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.log.Logging;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plain-TCP floor: {@code server --plain} echoes without TLS, and {@code bench --plain} drives it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlainTcpTest {

    @Test
    void plainServerEchoesBytesInTheClearAndBenchDrivesIt() throws Exception {
        Logging.configure(Logging.Verbosity.QUIET, System.err, false);
        HeldCertificate held = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
        try (EchoServer server = EchoServer.start(EchoServer.plainBuilder()
                .host("127.0.0.1").port(0).build())) {
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("hello\0ignored".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            }
            EchoClientConfig target = EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                    .trust(List.of(held.certificate()), "the test's certificate").build();
            for (BenchMode mode : List.of(BenchMode.PINGPONG, BenchMode.SESSION)) {
                try (Bench bench = Bench.create(BenchConfig.builder(target).mode(mode).connections(4).threads(2)
                        .duration(Duration.ofSeconds(1)).plaintext(true).build())) {
                    BenchResult r = bench.run(line -> { });
                    assertThat(r.requests()).as(mode.toString()).isPositive();
                    assertThat(r.failed()).as(mode.toString()).isFalse();
                    assertThat(r.full() + r.resumed()).as("no TLS handshakes").isZero();
                }
            }
        }
    }
}
