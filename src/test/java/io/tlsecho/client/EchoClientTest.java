package io.tlsecho.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(60)
class EchoClientTest {

    private static final HeldCertificate CERT = HeldCertificate.builder().addSubjectAlternativeName("localhost")
            .addSubjectAlternativeName("a.example").addSubjectAlternativeName("127.0.0.1").build();

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void theSessionReportsTheServerNameActuallySent(TlsProvider provider) throws Exception {
        TlsOptions tls = TlsOptions.defaults().withProvider(provider);
        try (EchoServer server = EchoServer.start(EchoServer.builder(CERT).host("127.0.0.1").port(0).build())) {
            // Neither engine sends SNI for a name without a dot.
            assertThat(exchange(client(server).host("localhost").tls(tls)).session().serverName()).isNull();
            assertThat(exchange(client(server).serverName("a.example").tls(tls)).session().serverName())
                    .isEqualTo("a.example");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aServerThatNeverEchoesTimesOutWaitingForTheEcho(TlsProvider provider) throws Exception {
        try (SSLServerSocket silent = silentServer()) {
            Thread acceptor = new Thread(() -> readForever(silent));
            acceptor.setDaemon(true);
            acceptor.start();
            // The read timeout also covers the handshake's round trips: long enough for a loaded machine.
            EchoClientConfig config = EchoClientConfig.builder().host("127.0.0.1").port(silent.getLocalPort())
                    .trust(List.of(CERT.certificate()), "the test's certificate")
                    .tls(TlsOptions.defaults().withProvider(provider)).readTimeout(Duration.ofSeconds(5)).build();
            try (EchoClient client = EchoClient.create(config)) {
                InputStream message = new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII));

                assertThatThrownBy(() -> client.stream(message, new ByteArrayOutputStream()))
                        .isInstanceOf(EchoException.class)
                        .hasMessageContaining("while waiting for the echo");
            }
        }
    }

    private static EchoClientConfig.Builder client(EchoServer server) {
        return EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                .trust(List.of(CERT.certificate()), "the test's certificate");
    }

    private static EchoResult exchange(EchoClientConfig.Builder config) throws Exception {
        try (EchoClient client = EchoClient.create(config.build())) {
            EchoResult result = client.exchange(List.of("hello".getBytes(StandardCharsets.US_ASCII)));
            assertThat(result.matches()).isTrue();
            return result;
        }
    }

    /** A TLS server that completes handshakes and reads, but never writes a byte. */
    private static SSLServerSocket silentServer() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", CERT.privateKey(), new char[0],
                CERT.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getByName("127.0.0.1"));
    }

    private static void readForever(SSLServerSocket server) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            s.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (Exception e) {
            // The test closed the server, or the client went away.
        }
    }
}
