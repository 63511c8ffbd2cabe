package io.tlsecho.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import io.tlsecho.robust.Fixtures;
import io.tlsecho.tls.ExplainingTrustManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload changes the certificate new connections get and leaves open ones alone; a reload that fails, files
 * that vanished included, keeps the old certificate in service and says why.
 */
@Timeout(30)
class ReloadTest {

    private static final HeldCertificate FIRST = cert("first");
    private static final HeldCertificate SECOND = cert("second");

    @TempDir
    Path dir;

    private static HeldCertificate cert(String cn) {
        return HeldCertificate.builder().commonName(cn).addSubjectAlternativeName("127.0.0.1").build();
    }

    @Test
    void newConnectionsGetTheNewCertificateWhileOpenOnesGoOn() throws Exception {
        Path crt = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        FIRST.writeTo(crt, key, false);
        try (EchoServer server = start(KeySource.pemFiles(crt, key, null), Duration.ZERO);
             SSLSocket open = socket(server.port(), FIRST.certificate(), SECOND.certificate())) {
            open.startHandshake();
            OutputStream out = open.getOutputStream();
            InputStream in = open.getInputStream();
            out.write("before ".getBytes(UTF_8));
            out.flush();
            assertThat(new String(in.readNBytes(7), UTF_8)).isEqualTo("before ");

            SECOND.writeTo(crt, key, true);
            server.reload();

            assertThat(fingerprintSeenBy(server.port(), FIRST.certificate(), SECOND.certificate()))
                    .isEqualTo(fingerprint(SECOND.certificate()));
            out.write("after\0".getBytes(UTF_8));
            out.flush();
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("after");
            assertThat(open.getSession().getPeerCertificates()[0]).isEqualTo(FIRST.certificate());
        }
    }

    @Test
    void changedFilesAreFoundByThePoll() throws Exception {
        Path crt = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        FIRST.writeTo(crt, key, false);
        try (EchoServer server = start(KeySource.pemFiles(crt, key, null), Duration.ofMillis(100))) {
            SECOND.writeTo(crt, key, true);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String seen;
            do {
                Thread.sleep(100);
                seen = fingerprintSeenBy(server.port(), FIRST.certificate(), SECOND.certificate());
            } while (!seen.equals(fingerprint(SECOND.certificate())) && System.nanoTime() < deadline);
            assertThat(seen).isEqualTo(fingerprint(SECOND.certificate()));
        }
    }

    @Test
    void aVanishedDefaultPairIsAFailedReloadNotANewCertificate() throws Exception {
        Path crt = dir.resolve("tlsecho.crt");
        Path key = dir.resolve("tlsecho.key");
        try (Fixtures.LogCapture log = new Fixtures.LogCapture("main");
             EchoServer server = start(KeySource.madeWhenAbsent(crt, key), Duration.ofMillis(100))) {
            X509Certificate made = HeldCertificate.load(crt, key, null).certificate();
            assertThat(log.messages()).anyMatch(m -> m.startsWith("generated " + crt.toAbsolutePath()));

            Files.delete(crt);
            Files.delete(key);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (log.messages().stream().noneMatch(m -> m.startsWith("certificate reload failed"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(log.messages()).contains("certificate reload failed, keeping the old ones: certificate file "
                    + crt + ": no such file");
            assertThat(crt).doesNotExist();
            assertThat(key).doesNotExist();
            assertThat(fingerprintSeenBy(server.port(), made)).isEqualTo(fingerprint(made));
            assertThatThrownBy(server::reload).isInstanceOf(PkiException.class)
                    .extracting(e -> ((PkiException) e).kind()).isEqualTo(PkiException.Kind.FILE_NOT_FOUND);
            assertThat(crt).doesNotExist();

            SECOND.writeTo(crt, key, false);
            server.reload();
            assertThat(fingerprintSeenBy(server.port(), made, SECOND.certificate()))
                    .isEqualTo(fingerprint(SECOND.certificate()));
        }
    }

    @Test
    void aBrokenFileKeepsTheOldCertificate() throws Exception {
        Path crt = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        FIRST.writeTo(crt, key, false);
        try (EchoServer server = start(KeySource.pemFiles(crt, key, null), Duration.ZERO)) {
            Files.writeString(key, SECOND.privateKeyPkcs8Pem());
            assertThatThrownBy(server::reload).isInstanceOf(PkiException.class)
                    .hasMessageContaining("does not match certificate " + crt);
            assertThat(fingerprintSeenBy(server.port(), FIRST.certificate())).isEqualTo(fingerprint(FIRST.certificate()));
        }
    }

    private static EchoServer start(KeySource keys, Duration reloadInterval) throws Exception {
        return EchoServer.start(EchoServer.builder(keys).host("127.0.0.1").port(0).reloadInterval(reloadInterval)
                .build());
    }

    private static String fingerprint(X509Certificate certificate) {
        return CertificateInfo.sha256Fingerprint(certificate);
    }

    private static String fingerprintSeenBy(int port, X509Certificate... trusted) throws Exception {
        try (EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(port)
                .trust(List.of(trusted), "test").verifyHostname(false).build())) {
            EchoResult r = client.exchange(List.of("x".getBytes(UTF_8)));
            assertThat(r.matches()).isTrue();
            return CertificateInfo.of(r.session().peerChain().get(0)).sha256Fingerprint();
        }
    }

    private static SSLSocket socket(int port, X509Certificate... trusted) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {ExplainingTrustManager.of(List.of(trusted), "server", "test")}, null);
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }
}
