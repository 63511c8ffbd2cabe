package io.tlsecho.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.AdminTestSupport;
import io.tlsecho.server.EchoServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP/2 clients that break the rules, frame by frame: 1,000 streams at once are held to the limit
 * of 100, the "rapid reset" loop (CVE-2023-44487) is cut off and counted, a drain sends GOAWAY and
 * lets the stream in flight finish; the next client is served throughout.
 */
@Timeout(120)
class Http2LimitsTest {

    private static final HeldCertificate CERT = HeldCertificate.builder()
            .addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("127.0.0.1")
            .build();

    private EchoServer server;
    private SSLContext trusting;

    @BeforeEach
    void start() throws Exception {
        trusting = AdminTestSupport.trusting(CERT);
        server = EchoServer.start(EchoServer.builder(CERT).host("127.0.0.1").port(0)
                .drainTimeout(Duration.ofSeconds(10)).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void assertServesAnotherClient() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void aThousandStreamsAtOnceAreHeldToTheLimitOf100() throws Exception {
        try (RawH2Client c = new RawH2Client(trusting, server.port())) {
            for (int i = 0; i < 1000; i++) {
                c.headers(1 + 2 * i, RawH2Client.get("/"), false);
            }
            c.send();
            AdminTestSupport.await("streams over the limit refused or the connection closed",
                    () -> c.received().stream().filter(f -> f.type() == RawH2Client.Frame.RST_STREAM
                            && f.error() == Http2Error.REFUSED_STREAM.code()).count() == 900 || c.ended());
            assertServesAnotherClient();
            if (!c.ended()) {
                // The 100 streams admitted are answered once their requests end.
                for (int i = 0; i < 100; i++) {
                    c.endStream(1 + 2 * i);
                }
                c.send();
                AdminTestSupport.await("100 answers", () -> c.count(RawH2Client.Frame.HEADERS) == 100);
            }
            assertThat(c.count(RawH2Client.Frame.HEADERS)).isLessThanOrEqualTo(100);
        }
        assertThat(server.stats().http().cutOffs("streams_refused")).isEqualTo(1);
        assertThat(server.stats().http().requests("h2", 200)).isBetween(1L, 101L);
    }

    @Test
    void rapidResetIsCutOffAndCounted() throws Exception {
        long start = System.nanoTime();
        try (RawH2Client c = new RawH2Client(trusting, server.port())) {
            try {
                for (int round = 0; round < 100 && !c.ended(); round++) {
                    for (int i = 0; i < 50; i++) {
                        int stream = 1 + 2 * (round * 50 + i);
                        c.headers(stream, RawH2Client.get("/"), false).reset(stream, Http2Error.CANCEL.code());
                    }
                    c.send();
                }
            } catch (IOException e) {
                // the server has cut the connection: writing fails
            }
            AdminTestSupport.await("the connection cut", c::ended);
            assertThat(c.received()).anySatisfy(f -> {
                assertThat(f.type()).isEqualTo(RawH2Client.Frame.GOAWAY);
                assertThat(f.error()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
            });
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        AdminTestSupport.await("counted", () -> server.stats().http().cutOffs("rapid_reset") == 1);
        assertServesAnotherClient();
    }

    @Test
    void drainSendsGoawayAndFinishesTheStreamInFlight() throws Exception {
        try (RawH2Client c = new RawH2Client(trusting, server.port())) {
            c.headers(1, RawH2Client.get("/in-flight"), false).ping().send();
            // The PING's answer comes after the server has read the stream's HEADERS: the stream is open.
            AdminTestSupport.await("the stream open", () -> c.count(RawH2Client.Frame.PING) == 1);
            Thread closer = new Thread(server::close, "closer");
            closer.start();
            try {
                AdminTestSupport.await("GOAWAY", () -> c.count(RawH2Client.Frame.GOAWAY) >= 1);
                assertThat(c.received()).filteredOn(f -> f.type() == RawH2Client.Frame.GOAWAY)
                        .allSatisfy(f -> assertThat(f.error()).isEqualTo(Http2Error.NO_ERROR.code()));
                c.endStream(1).send();
                AdminTestSupport.await("the answer", () -> c.count(RawH2Client.Frame.HEADERS) == 1);
                AdminTestSupport.await("then the close", c::ended);
            } finally {
                closer.join(30_000);
            }
        }
        assertThat(server.stats().http().requests("h2", 200)).isEqualTo(1);
    }
}
