package io.tlsecho.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import io.tlsecho.config.InvalidSettingException;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import org.junit.jupiter.api.Test;
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
            // The read timeout also covers the server's part of the handshake: long enough for a loaded machine.
            EchoClientConfig config = EchoClientConfig.builder().host("127.0.0.1").port(silent.getLocalPort())
                    .trust(List.of(CERT.certificate()), "the test's certificate")
                    .tls(TlsOptions.defaults().withProvider(provider)).readTimeout(Duration.ofSeconds(5)).build();
            try (EchoClient client = EchoClient.create(config)) {
                InputStream message = new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII));

                assertThatThrownBy(() -> client.stream(message, new ByteArrayOutputStream()))
                        .isInstanceOf(EchoException.class)
                        .hasMessageContaining("no answer for 5s while we waited for the echo");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aPauseInOurOwnSendingIsNoTimeout(TlsProvider provider) throws Exception {
        try (EchoServer server = EchoServer.start(EchoServer.builder(CERT).host("127.0.0.1").port(0).build());
             EchoClient client = EchoClient.create(client(server).tls(TlsOptions.defaults().withProvider(provider))
                     .readTimeout(Duration.ofMillis(200)).build())) {
            // A user who types the rest of the message later: a pause of five read timeouts between two parts.
            InputStream typed = new SequenceInputStream(ascii("first part, "), new InputStream() {
                private boolean paused;

                @Override
                public int read() throws IOException {
                    if (!paused) {
                        paused = true;
                        sleep(Duration.ofMillis(1000));
                    }
                    return -1;
                }
            });
            InputStream message = new SequenceInputStream(typed, ascii("second part"));
            ByteArrayOutputStream echo = new ByteArrayOutputStream();

            EchoResult result = client.stream(message, echo);

            assertThat(result.matches()).isTrue();
            assertThat(echo.toString(StandardCharsets.US_ASCII)).isEqualTo("first part, second part");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void whatWasReceivedReachesTheOutputWhenTheConversationFails(TlsProvider provider) throws Exception {
        try (JdkTlsServer server = new JdkTlsServer(CERT, null, 3);
             EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                     .trust(List.of(CERT.certificate()), "the test's certificate")
                     .tls(TlsOptions.defaults().withProvider(provider)).readTimeout(Duration.ofMillis(500)).build())) {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            // Buffered as the CLI buffers standard output: larger than the echo.
            OutputStream buffered = new BufferedOutputStream(stdout, 64 * 1024);

            assertThatThrownBy(() -> client.stream(ascii("hello"), buffered))
                    .isInstanceOf(EchoException.class)
                    .hasMessageContaining("no answer for 500ms while we waited for the echo");
            assertThat(stdout.toString(StandardCharsets.US_ASCII)).isEqualTo("hel");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aClientCertificateIsSentEvenWhenTheServersCaListDoesNotNameItsIssuer(TlsProvider provider) throws Exception {
        HeldCertificate namedCa = HeldCertificate.builder().commonName("the CA the server names")
                .certificateAuthority(true).build();
        HeldCertificate own = HeldCertificate.builder().commonName("a client of its own").clientAuth(true).build();
        try (JdkTlsServer server = new JdkTlsServer(CERT, List.of(namedCa.certificate()), 0);
             EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                     .trust(List.of(CERT.certificate()), "the test's certificate").certificate(own)
                     .tls(TlsOptions.defaults().withProvider(provider)).build())) {

            // The server refuses it, as it should; what matters is that it was shown what the user gave.
            assertThatThrownBy(() -> client.exchange(List.of(new byte[] {'x'}))).isInstanceOf(EchoException.class);
            assertThat(server.clientChain.get(10, TimeUnit.SECONDS)).containsExactly(own.certificate());
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aServerNameWithoutADotIsSentAsGiven(TlsProvider provider) throws Exception {
        HeldCertificate myhost = HeldCertificate.builder().commonName("myhost").addSubjectAlternativeName("myhost")
                .build();
        try (JdkTlsServer server = new JdkTlsServer(myhost, null, 5);
             EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                     .serverName("myhost").trust(List.of(myhost.certificate()), "the test's certificate")
                     .tls(TlsOptions.defaults().withProvider(provider)).readTimeout(Duration.ofMillis(500)).build())) {
            ByteArrayOutputStream echo = new ByteArrayOutputStream();

            // The server echoes it all, then stays silent: the read timeout ends the conversation.
            assertThatThrownBy(() -> client.stream(ascii("hello"), echo)).isInstanceOf(EchoException.class);
            assertThat(server.serverNames.get(10, TimeUnit.SECONDS)).containsExactly("myhost");
            assertThat(echo.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        }
    }

    @Test
    void aServerNameThatSniCannotCarryIsRefusedByName() {
        assertThatThrownBy(() -> EchoClientConfig.builder().serverName("127.0.0.1").build())
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> assertThat(e.setting()).isEqualTo("serverName"))
                .hasMessageContaining("SNI cannot carry an address");
    }

    @Test
    void durationsOfZeroOrLessAreRefusedByName() {
        for (Duration bad : List.of(Duration.ofMillis(-5), Duration.ZERO)) {
            assertThatThrownBy(() -> EchoClientConfig.builder().readTimeout(bad).build())
                    .isInstanceOfSatisfying(InvalidSettingException.class,
                            e -> assertThat(e.setting()).isEqualTo("readTimeout"));
            assertThatThrownBy(() -> EchoClientConfig.builder().connectTimeout(bad).build())
                    .isInstanceOfSatisfying(InvalidSettingException.class,
                            e -> assertThat(e.setting()).isEqualTo("connectTimeout"));
            assertThatThrownBy(() -> EchoClientConfig.builder().handshakeTimeout(bad).build())
                    .isInstanceOfSatisfying(InvalidSettingException.class,
                            e -> assertThat(e.setting()).isEqualTo("handshakeTimeout"));
        }
    }

    @Test
    void theHandshakeTimeLeavesOutTheTcpConnect() throws Exception {
        try (SSLServerSocket server = silentServer()) {
            // A full accept queue: the kernel drops the client's SYN, and sends it again a second later.
            List<Socket> fillers = new ArrayList<>();
            try {
                fillQueue(server, fillers);
                EchoClientConfig config = EchoClientConfig.builder().host("127.0.0.1").port(server.getLocalPort())
                        .trust(List.of(CERT.certificate()), "the test's certificate").build();
                long start = System.nanoTime();
                CompletableFuture<Long> acceptedAfter = CompletableFuture.supplyAsync(() -> {
                    try {
                        sleep(Duration.ofMillis(300));
                        for (int i = 0; i < fillers.size(); i++) {
                            server.accept().close();
                        }
                        SSLSocket s = (SSLSocket) server.accept();
                        long accepted = System.nanoTime() - start;
                        echoToNul(s);
                        return accepted;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                try (EchoClient client = EchoClient.create(config)) {
                    EchoResult result = client.exchange(List.of("hello".getBytes(StandardCharsets.US_ASCII)));

                    Duration connect = Duration.ofNanos(acceptedAfter.get(30, TimeUnit.SECONDS));
                    assertThat(connect).as("the connect waited for the SYN to be sent again")
                            .isGreaterThanOrEqualTo(Duration.ofMillis(900));
                    assertThat(result.session().handshakeTime()).isLessThan(connect);
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    /** Connects until the server's accept queue is full, keeping the sockets that connected. */
    private static void fillQueue(SSLServerSocket server, List<Socket> fillers) throws IOException {
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 200);
                fillers.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return;
            }
        }
        throw new IllegalStateException("the accept queue never filled");
    }

    private static void echoToNul(SSLSocket s) throws IOException {
        try (s) {
            InputStream in = s.getInputStream();
            int b;
            while ((b = in.read()) > 0) {
                s.getOutputStream().write(b);
            }
            s.getOutputStream().flush();
        }
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
