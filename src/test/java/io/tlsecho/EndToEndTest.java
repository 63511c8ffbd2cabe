package io.tlsecho;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoException;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.ExplainingTrustManager;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Server and client over real TLS sockets on 127.0.0.1, with a certificate made here. */
@Timeout(60)
class EndToEndTest {

    static final List<String> SEED_PARTS = List.of("This is the message. ", "It will be sent ", "in parts.");

    static HeldCertificate cert;

    @BeforeAll
    static void issue() throws Exception {
        cert = HeldCertificate.builder()
                .commonName("localhost")
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("::1")
                .build();
    }

    static EchoServer startServer(TlsProvider provider) throws Exception {
        return EchoServer.start(EchoServer.builder(cert).host("127.0.0.1").port(0)
                .tls(TlsOptions.defaults().withProvider(provider)).build());
    }

    static EchoClient client(String host, int port, TlsProvider provider) throws Exception {
        return EchoClient.create(EchoClientConfig.builder().host(host).port(port)
                .trust(List.of(cert.certificate()), "test")
                .tls(TlsOptions.defaults().withProvider(provider)).build());
    }

    static List<byte[]> seedParts() {
        return SEED_PARTS.stream().map(s -> s.getBytes(UTF_8)).toList();
    }

    static Stream<Arguments> providers() {
        return Stream.of(
                Arguments.of(TlsProvider.OPENSSL, TlsProvider.OPENSSL),
                Arguments.of(TlsProvider.JDK, TlsProvider.JDK),
                Arguments.of(TlsProvider.OPENSSL, TlsProvider.JDK),
                Arguments.of(TlsProvider.JDK, TlsProvider.OPENSSL));
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("providers")
    void seedExchange(TlsProvider serverProvider, TlsProvider clientProvider) throws Exception {
        assertThat(TlsProvider.OPENSSL.isAvailable()).as("OpenSSL (netty-tcnative) does not load here").isTrue();
        try (EchoServer server = startServer(serverProvider);
             EchoClient client = client("localhost", server.port(), clientProvider)) {
            EchoResult result = client.exchange(seedParts());

            assertThat(new String(result.echo(), UTF_8)).isEqualTo("This is the message. It will be sent in parts.");
            assertThat(result.matches()).isTrue();
            assertThat(result.sent()).isEqualTo(46);
            assertThat(result.received()).isEqualTo(46);
            assertThat(result.nulAt()).isEqualTo(-1);
            assertThat(result.session().protocol()).isEqualTo("TLSv1.3");
            assertThat(server.stats().bytesEchoed()).isEqualTo(46);
            assertThat(server.stats().completed()).isEqualTo(1);
        }
    }

    @Test
    void oneMebibyteInParts() throws Exception {
        byte[] payload = nonNulRandom(new Random(1), 1 << 20);
        List<byte[]> parts = List.of(
                java.util.Arrays.copyOfRange(payload, 0, 1),
                java.util.Arrays.copyOfRange(payload, 1, 100_000),
                java.util.Arrays.copyOfRange(payload, 100_000, payload.length));
        try (EchoServer server = startServer(TlsProvider.auto());
             EchoClient client = client("127.0.0.1", server.port(), TlsProvider.auto())) {
            EchoResult result = client.exchange(parts);

            assertThat(result.mismatch()).isNull();
            assertThat(result.echo()).isEqualTo(payload);
            assertThat(result.sent()).isEqualTo(1 << 20);
            assertThat(result.received()).isEqualTo(1 << 20);
        }
    }

    @Test
    @Timeout(180)
    void sixtyFourMebibytesStreamed() throws Exception {
        long size = 64L << 20;
        NonNulStream in = new NonNulStream(42, size);
        DigestingSink out = new DigestingSink();
        try (EchoServer server = startServer(TlsProvider.auto());
             EchoClient client = client("127.0.0.1", server.port(), TlsProvider.auto())) {
            EchoResult result = client.stream(in, out);

            assertThat(result.mismatch()).isNull();
            assertThat(result.matches()).isTrue();
            assertThat(result.sent()).isEqualTo(size);
            assertThat(result.received()).isEqualTo(size);
            assertThat(result.nulAt()).isEqualTo(-1);
            assertThat(out.count).isEqualTo(size);
            assertThat(out.digest.digest()).isEqualTo(in.digest.digest());
        }
    }

    @Test
    void hundredConcurrentClientsEachGetTheirOwnEcho() throws Exception {
        int clients = 100;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try (EchoServer server = startServer(TlsProvider.auto());
             EchoClient client = client("127.0.0.1", server.port(), TlsProvider.auto())) {
            CountDownLatch start = new CountDownLatch(1);
            List<byte[]> payloads = new ArrayList<>();
            List<Future<EchoResult>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                byte[] payload = ("client " + i + ": ").repeat(1 + i * 37).getBytes(UTF_8);
                payloads.add(payload);
                Callable<EchoResult> call = () -> {
                    start.await();
                    return client.exchange(List.of(payload));
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            for (int i = 0; i < clients; i++) {
                EchoResult r = results.get(i).get();
                assertThat(r.echo()).as("echo of client %d", i).isEqualTo(payloads.get(i));
                assertThat(r.matches()).isTrue();
            }
            assertThat(server.stats().accepted()).isEqualTo(clients);
            assertThat(server.stats().completed()).isEqualTo(clients);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void streamedInputEndsAtItsFirstNul() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (EchoServer server = startServer(TlsProvider.auto());
             EchoClient client = client("127.0.0.1", server.port(), TlsProvider.auto())) {
            EchoResult result = client.stream(new java.io.ByteArrayInputStream("abc\0def".getBytes(UTF_8)), out);

            assertThat(result.nulAt()).isEqualTo(3);
            assertThat(result.sent()).isEqualTo(3);
            assertThat(result.matches()).isTrue();
            assertThat(out.toString(UTF_8)).isEqualTo("abc");
        }
    }

    @ParameterizedTest(name = "server {0}")
    @EnumSource(TlsProvider.class)
    void closeNotifyBeforeNulClosesTheConnection(TlsProvider provider) throws Exception {
        assertThat(provider.isAvailable()).as(provider + " does not load here").isTrue();
        try (EchoServer server = startServer(provider);
             SSLSocket socket = jdkClientSocket(server.port())) {
            socket.getOutputStream().write("no NUL here".getBytes(UTF_8));
            socket.getOutputStream().flush();
            assertThat(new String(socket.getInputStream().readNBytes(11), UTF_8)).isEqualTo("no NUL here");

            // TLS 1.3 half-close, as gnutls-cli does at the end of its input: close_notify, then read.
            socket.shutdownOutput();

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
            assertThat(server.stats().completed()).isZero();
        }
    }

    /** A plain JDK TLS 1.3 client socket that trusts {@link #cert}: a peer other than our own client. */
    static SSLSocket jdkClientSocket(int port) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(null, new TrustManager[] {ExplainingTrustManager.of(List.of(cert.certificate()), "server", "test")},
                null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void hostnameVerifiedAgainstTheSubjectAltNames(String host) throws Exception {
        try (EchoServer server = startServer(TlsProvider.auto());
             EchoClient client = client(host, server.port(), TlsProvider.auto())) {
            assertThat(client.config().trust().verifyHostname()).isTrue();

            EchoResult result = client.exchange(seedParts());

            assertThat(result.matches()).isTrue();
            // SNI carries only a name with a dot: never an address, nor localhost (as both engines decide).
            assertThat(result.session().serverName()).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void hostnameMismatchIsRefused(TlsProvider serverProvider, TlsProvider clientProvider) throws Exception {
        assertThat(TlsProvider.OPENSSL.isAvailable()).as("OpenSSL (netty-tcnative) does not load here").isTrue();
        HeldCertificate other = HeldCertificate.builder().commonName("other")
                .addSubjectAlternativeName("other.example").build();
        try (EchoServer server = EchoServer.start(EchoServer.builder(other)
                     .host("127.0.0.1").port(0).tls(TlsOptions.defaults().withProvider(serverProvider)).build());
             EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                     .trust(List.of(other.certificate()), "test")
                     .tls(TlsOptions.defaults().withProvider(clientProvider)).build())) {
            assertThatThrownBy(() -> client.exchange(seedParts()))
                    .isInstanceOf(EchoException.class)
                    .satisfies(e -> assertThat(((EchoException) e).kind()).isEqualTo(Failures.Kind.HOSTNAME))
                    .hasMessageContaining("other.example");
        }
    }

    static byte[] nonNulRandom(Random random, int size) {
        byte[] b = new byte[size];
        random.nextBytes(b);
        for (int i = 0; i < size; i++) {
            if (b[i] == 0) {
                b[i] = 1;
            }
        }
        return b;
    }

    /** {@code size} deterministic pseudo-random bytes, none of them NUL, digested as they are read. */
    static final class NonNulStream extends InputStream {
        final MessageDigest digest = sha256();
        private long state;
        private long remaining;

        NonNulStream(long seed, long size) {
            this.state = seed | 1;
            this.remaining = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                // xorshift64
                state ^= state << 13;
                state ^= state >>> 7;
                state ^= state << 17;
                byte v = (byte) state;
                b[off + i] = v == 0 ? 1 : v;
            }
            digest.update(b, off, n);
            remaining -= n;
            return n;
        }
    }

    /** Counts and digests what is written to it, keeping none of it. */
    static final class DigestingSink extends OutputStream {
        final MessageDigest digest = sha256();
        long count;

        @Override
        public void write(int b) {
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
            count += len;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
