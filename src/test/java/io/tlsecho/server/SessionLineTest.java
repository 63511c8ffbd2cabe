package io.tlsecho.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** The server's {@code -v} session line: the client's summary, absent values as {@code none}. */
@Timeout(60)
class SessionLineTest {

    private static final HeldCertificate CERT = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void noAlpnNoSniReadNoneOnBothSides(TlsProvider provider) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(EchoServerInitializer.LOGGER);
        Level level = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.DEBUG);
        TlsOptions tls = TlsOptions.defaults().withProvider(provider);
        try (EchoServer server = EchoServer.start(EchoServer.builder(CERT).host("127.0.0.1").port(0).tls(tls).build());
             EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                     .trust(List.of(CERT.certificate()), "the test's certificate").tls(tls).build())) {
            EchoResult result = client.exchange(List.of("hello".getBytes(StandardCharsets.US_ASCII)));
            assertThat(result.matches()).isTrue();

            String line = awaitSessionLine(appender);
            assertThat(line).doesNotContain("null")
                    .matches("session protocol TLSv1\\.3, cipher TLS_\\w+, group \\S+, alpn none, sni none, "
                            + "resumed no, handshake \\d+\\.\\d ms");
            // One formatter: the client's --show-session fields read the same, handshake time aside.
            String clientLine = result.session().line();
            assertThat(strip(line.substring("session ".length()))).isEqualTo(strip(clientLine));
            if (provider == TlsProvider.JDK) {
                assertThat(line).contains("group none");
            }
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    private static String awaitSessionLine(ListAppender<ILoggingEvent> appender) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            synchronized (appender) {
                for (ILoggingEvent e : appender.list) {
                    if (e.getFormattedMessage().startsWith("session ")) {
                        return e.getFormattedMessage();
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no session line logged");
    }

    private static String strip(String line) {
        return line.replaceAll(", handshake .*", "");
    }
}
