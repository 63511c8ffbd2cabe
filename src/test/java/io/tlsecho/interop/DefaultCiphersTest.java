package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.KeyType;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server's TLS 1.2 suites by default, on both engines: ECDHE with AES-GCM or ChaCha20-Poly1305
 * only (Mozilla's "intermediate"), as {@code openssl s_client} finds; {@code --ciphers} overrides.
 */
@Timeout(180)
class DefaultCiphersTest {

    private static final HeldCertificate RSA = HeldCertificate.builder().keyType(KeyType.RSA_2048)
            .addSubjectAlternativeName("127.0.0.1").build();
    private static final HeldCertificate EC = HeldCertificate.builder().keyType(KeyType.EC_P256)
            .addSubjectAlternativeName("127.0.0.1").build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void tls12OffersOnlyForwardSecretAeadSuites(TlsProvider provider) {
        TlsOptions tls = TlsOptions.defaults().withProvider(provider);
        try (EchoServer server = Interop.server(RSA, b -> b.tls(tls))) {
            for (String suite : List.of("ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384",
                    "ECDHE-RSA-CHACHA20-POLY1305")) {
                assertThat(handshakes(server, "-tls1_2", suite)).as(provider + " " + suite).isTrue();
            }
            // CBC, and static RSA key exchange (no forward secrecy).
            for (String suite : List.of("ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA384", "AES128-GCM-SHA256",
                    "AES128-SHA", "AES256-SHA")) {
                assertThat(handshakes(server, "-tls1_2", suite)).as(provider + " " + suite).isFalse();
            }
        }
        try (EchoServer server = Interop.server(EC, b -> b.tls(tls))) {
            for (String suite : List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305")) {
                assertThat(handshakes(server, "-tls1_2", suite)).as(provider + " " + suite).isTrue();
            }
            for (String suite : List.of("ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES128-SHA256")) {
                assertThat(handshakes(server, "-tls1_2", suite)).as(provider + " " + suite).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void ciphersOverrideTheDefaultsAndLeaveTls13On(TlsProvider provider) {
        TlsOptions tls = TlsOptions.defaults().withProvider(provider).withCiphers(List.of("ECDHE-RSA-AES128-SHA"));
        try (EchoServer server = Interop.server(RSA, b -> b.tls(tls))) {
            assertThat(handshakes(server, "-tls1_2", "ECDHE-RSA-AES128-SHA")).as(provider + " CBC, asked for").isTrue();
            assertThat(handshakes(server, "-tls1_2", "ECDHE-RSA-AES128-GCM-SHA256")).as(provider + " not asked for")
                    .isFalse();
            assertThat(handshakes(server, "-tls1_3", null)).as(provider + " TLS 1.3").isTrue();
        }
    }

    /** Whether {@code openssl s_client} completes a handshake with {@code server} offering only {@code suite}. */
    private boolean handshakes(EchoServer server, String version, String suite) {
        List<String> command = new ArrayList<>(Interop.cmd(PeerTools.require("openssl"), "s_client", "-connect",
                "127.0.0.1:" + server.port(), version));
        if (suite != null) {
            command.addAll(List.of("-cipher", suite));
        }
        try (RunningProcess client = RunningProcess.start(command, dir, Map.of())) {
            client.stdin().close();
            int exit = client.awaitExit(Interop.WAIT);
            boolean done = client.stdout().contains("Cipher is " + (suite == null ? "TLS_" : suite));
            assertThat(done).as(client::describe).isEqualTo(exit == 0);
            return done;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
