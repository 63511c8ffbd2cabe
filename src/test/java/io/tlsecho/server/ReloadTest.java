package io.tlsecho.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.ExplainingTrustManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A reload changes the certificate new connections get, and leaves open ones alone. */
@Timeout(30)
class ReloadTest {

    private static final HeldCertificate FIRST = cert("first");
    private static final HeldCertificate SECOND = cert("second");

    private static HeldCertificate cert(String cn) {
        return HeldCertificate.builder().commonName(cn).addSubjectAlternativeName("127.0.0.1").build();
    }

    @Test
    void newConnectionsGetTheNewCertificateWhileOpenOnesGoOn() throws Exception {
        try (EchoServer server = EchoServer.start(EchoServer.builder(FIRST).host("127.0.0.1").port(0).build());
             SSLSocket open = socket(server.port())) {
            open.startHandshake();
            OutputStream out = open.getOutputStream();
            InputStream in = open.getInputStream();
            out.write("before ".getBytes(UTF_8));
            out.flush();
            assertThat(new String(in.readNBytes(7), UTF_8)).isEqualTo("before ");

            server.reload(SECOND, Map.of());

            assertThat(fingerprintSeenBy(server.port())).isEqualTo(CertificateInfo.sha256Fingerprint(SECOND.certificate()));
            out.write("after\0".getBytes(UTF_8));
            out.flush();
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("after");
            assertThat(open.getSession().getPeerCertificates()[0]).isEqualTo(FIRST.certificate());
        }
    }

    private static String fingerprintSeenBy(int port) throws Exception {
        try (EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(port)
                .trust(List.of(FIRST.certificate(), SECOND.certificate()), "test").build())) {
            EchoResult r = client.exchange(List.of("x".getBytes(UTF_8)));
            assertThat(r.matches()).isTrue();
            return r.session().peerChain().get(0).sha256Fingerprint();
        }
    }

    private static SSLSocket socket(int port) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {ExplainingTrustManager.of(
                List.of(FIRST.certificate(), SECOND.certificate()), "server", "test")}, null);
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }
}
