package io.tlsecho.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.pki.TrustMaterial;
import io.tlsecho.testbed.Scenario;
import io.tlsecho.testbed.Testbed;
import io.tlsecho.testbed.TestbedConfig;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client ends a conversation cleanly only on the server's close_notify: the test bed's {@code no-close-notify}
 * (TCP closed beneath TLS after the echo) is reported as truncation with both engines, while servers that send
 * close_notify ({@code good}: tlsecho's echo server; {@code tcp-fragments}: the test bed's own) end as before.
 */
@Timeout(120)
class CloseNotifyTest {

    @TempDir
    static Path dir;
    private static Testbed testbed;

    @BeforeAll
    static void start() throws Exception {
        testbed = Testbed.start(TestbedConfig.builder(dir).portBase(0).build());
    }

    @AfterAll
    static void stop() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aStreamCutWithoutCloseNotifyIsTruncationAndTheEchoStillReachesTheOutput(TlsProvider provider)
            throws Exception {
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        int port = testbed.port(Scenario.NO_CLOSE_NOTIFY);
        try (EchoClient client = client(provider, port)) {
            assertThatThrownBy(() -> client.stream(new ByteArrayInputStream(ascii("hi")), echo))
                    .isInstanceOfSatisfying(EchoException.class, e -> {
                        assertThat(e.kind()).isEqualTo(Failures.Kind.TRUNCATED);
                        assertThat(e.getMessage()).isEqualTo("the server at localhost port " + port
                                + " closed the connection without TLS close_notify: the echo may be truncated");
                    });
        }
        assertThat(echo.toString(StandardCharsets.US_ASCII)).isEqualTo("hi");
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void serversThatSendCloseNotifyEndTheEchoCleanly(TlsProvider provider) throws Exception {
        for (Scenario scenario : List.of(Scenario.GOOD, Scenario.TCP_FRAGMENTS)) {
            try (EchoClient client = client(provider, testbed.port(scenario))) {
                EchoResult r = client.exchange(List.of(ascii("hello "), ascii("there")));
                assertThat(r.matches()).as(scenario + ": " + r.mismatch()).isTrue();
                assertThat(new String(r.echo(), StandardCharsets.US_ASCII)).isEqualTo("hello there");
            }
        }
    }

    private static EchoClient client(TlsProvider provider, int port) throws Exception {
        return EchoClient.create(EchoClientConfig.builder().host("localhost").port(port)
                .trust(TrustMaterial.read(testbed.dir().resolve("ca.crt"), null), "ca.crt")
                .tls(TlsOptions.defaults().withProvider(provider)).build());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
