package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import io.tlsecho.server.EchoServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchTest {

    static HeldCertificate held;
    static EchoServer server;
    static BenchServer fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = BenchServer.start();
        held = fixture.held();
        server = fixture.server();
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static BenchConfig.Builder config(int port) {
        return BenchConfig.builder(target(port).build())
                .threads(2).duration(Duration.ofSeconds(2)).size(1000);
    }

    static EchoClientConfig.Builder target(int port) {
        return EchoClientConfig.builder().host("127.0.0.1").port(port)
                .trust(List.of(held.certificate()), "the test's certificate");
    }

    static BenchResult run(BenchConfig config) throws Exception {
        try (Bench bench = Bench.create(config)) {
            return bench.run(line -> { });
        }
    }

    @Test
    void pingpongRunsCleanly() throws Exception {
        BenchResult r = run(config(server.port()).mode(BenchMode.PINGPONG).connections(4)
                .warmup(Duration.ofMillis(500)).build());
        assertThat(r.requests()).isPositive();
        assertThat(r.errors()).isEmpty();
        assertThat(r.mismatches()).isZero();
        assertThat(r.failed()).isFalse();
        assertThat(r.full()).isEqualTo(4);
        assertThat(r.latency().count()).isEqualTo(r.requests());
        assertThat(r.latency().p50()).isPositive().isLessThanOrEqualTo(r.latency().max());
        assertThat(r.rps()).isPositive();
        assertThat(r.mbps()).isCloseTo(r.rps() * 1000 / 1e6, org.assertj.core.data.Percentage.withPercentage(0.01));
    }

    @Test
    void sessionWithResumeResumes() throws Exception {
        BenchResult r = run(config(server.port()).mode(BenchMode.SESSION).connections(2).resume(true).build());
        assertThat(r.requests()).isPositive();
        assertThat(r.failed()).isFalse();
        assertThat(r.resumed()).isPositive();
        assertThat(r.full()).isLessThan(r.resumed());
    }

    @Test
    void sessionWithoutResumeMakesEveryHandshakeFull() throws Exception {
        BenchResult r = run(config(server.port()).mode(BenchMode.SESSION).connections(2).build());
        assertThat(r.requests()).isPositive();
        assertThat(r.failed()).isFalse();
        assertThat(r.resumed()).isZero();
        assertThat(r.full()).isGreaterThanOrEqualTo(r.requests());
    }

    @Test
    void sessionWithoutResumeOnJdkEngineMakesEveryHandshakeFull() throws Exception {
        BenchConfig jdk = BenchConfig.builder(target(server.port())
                        .tls(TlsOptions.defaults().withProvider(TlsProvider.JDK)).build())
                .threads(2).duration(Duration.ofSeconds(2)).size(1000)
                .mode(BenchMode.SESSION).connections(2).build();
        BenchResult r = run(jdk);
        assertThat(r.requests()).isPositive();
        assertThat(r.failed()).isFalse();
        assertThat(r.resumed()).isZero();
    }

    @Test
    void idleEstablishesEveryConnection() throws Exception {
        BenchResult r = run(config(server.port()).mode(BenchMode.IDLE).connections(50).maxHandshaking(10)
                .duration(Duration.ofMillis(500)).build());
        assertThat(r.requests()).isEqualTo(50);
        assertThat(r.failedConnections()).isZero();
        assertThat(r.failed()).isFalse();
        assertThat(r.full()).isEqualTo(50);
    }

    @Test
    void mismatchIsCounted() throws Exception {
        try (CorruptingEchoServer bad = new CorruptingEchoServer(held)) {
            BenchResult r = run(config(bad.port()).mode(BenchMode.PINGPONG).connections(2)
                    .duration(Duration.ofMillis(500)).build());
            assertThat(r.mismatches()).isPositive();
            assertThat(r.failed()).isTrue();
        }
    }

    @Test
    void refusedConnectionsAreCountedByKind() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        BenchResult r = run(config(closedPort).mode(BenchMode.SESSION).connections(1)
                .duration(Duration.ofMillis(300)).build());
        assertThat(r.errors()).containsKey("connect");
        assertThat(r.failed()).isTrue();
    }
}
