package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Go's crypto/tls as the other end: its client against our server, our client against its server. */
@Timeout(120)
class GoInteropTest {

    private static final String SEED_MESSAGE = "This is the message. It will be sent in parts.";

    @TempDir
    static Path dir;
    static Path echo;
    static HeldCertificate cert;

    @BeforeAll
    static void buildThePeer() throws Exception {
        echo = Interop.goEcho(dir);
        cert = Interop.localhostCert("localhost");
        Interop.write(cert, dir, "server");
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void goClientAgainstOurServer(TlsProvider provider) {
        try (EchoServer server = Interop.server(cert,
                b -> b.tls(TlsOptions.defaults().withProvider(provider)))) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                try (RunningProcess client = RunningProcess.start(List.of(echo.toString(), "client",
                        "-addr", "127.0.0.1:" + server.port(), "-name", host, "-ca", dir.resolve("server.crt").toString(),
                        "This is the message. ", "It will be sent ", "in parts."), dir, Map.of())) {
                    assertThat(client.awaitExit(Interop.WAIT)).as(client::describe).isZero();
                    assertThat(client.stdout()).isEqualTo(SEED_MESSAGE);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void ourClientAgainstGoServer(TlsProvider provider) throws Exception {
        try (RunningProcess server = RunningProcess.start(List.of(echo.toString(), "server", "-addr", "127.0.0.1:0",
                "-cert", dir.resolve("server.crt").toString(), "-key", dir.resolve("server.key").toString()), dir, Map.of());
             EchoClient client = EchoClient.create(EchoClientConfig.builder().host("localhost")
                     .port(Interop.portFrom(server, Pattern.compile("listening on (\\d+)")))
                     .trust(List.of(cert.certificate()), "the test's certificate")
                     .tls(TlsOptions.defaults().withProvider(provider)).build())) {
            EchoResult result = client.exchange(List.of("This is the message. ", "It will be sent ", "in parts.").stream()
                    .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());

            assertThat(result.matches()).as(String.valueOf(result.mismatch())).isTrue();
            assertThat(new String(result.echo(), StandardCharsets.UTF_8)).isEqualTo(SEED_MESSAGE);
            assertThat(result.session().protocol()).isEqualTo("TLSv1.3");
        }
    }
}
