package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.KeyType;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenSSL's security level 2 for certificates, where the JDK's checker accepts: RSA under 2048 bits, SHA-1. */
class SecurityLevelTest {

    private static final HeldCertificate ROOT = HeldCertificate.builder().commonName("root").certificateAuthority(true)
            .build();

    @Test
    void strongChainPasses() {
        HeldCertificate leaf = HeldCertificate.builder().signedBy(ROOT).keyType(KeyType.RSA_2048).build();
        assertThat(SecurityLevel.weakness(chain(leaf), "server")).isNull();
    }

    @Test
    void smallRsaKeyAnywhereInTheChainIsNamed() {
        HeldCertificate weakCa = HeldCertificate.builder().commonName("weak ca").certificateAuthority(true)
                .keyType(KeyType.RSA_1024).signedBy(ROOT).build();
        HeldCertificate leaf = HeldCertificate.builder().signedBy(weakCa).build();
        assertThat(SecurityLevel.weakness(chain(leaf), "server"))
                .isEqualTo("the server's chain certificate CN=weak ca has a 1024-bit RSA key: too weak, RSA and DSA"
                        + " keys need at least 2048 bits (as at OpenSSL's security level 2)");
    }

    @Test
    void sha1SignatureIsRefusedButNotASelfSignedRootsOwn() {
        HeldCertificate leaf = HeldCertificate.builder().signedBy(ROOT).sha1Signature(true).build();
        assertThat(SecurityLevel.weakness(chain(leaf), "client")).startsWith("the client's certificate CN=localhost")
                .contains("signed with SHA-1 (SHA1withECDSA)");
        HeldCertificate sha1Root = HeldCertificate.builder().commonName("old root").certificateAuthority(true)
                .sha1Signature(true).build();
        HeldCertificate fine = HeldCertificate.builder().signedBy(sha1Root).build();
        assertThat(SecurityLevel.weakness(chain(fine), "server")).isNull();
    }

    @Test
    void theServerRefusesAWeakClientCertificateToo() {
        HeldCertificate client = HeldCertificate.builder().signedBy(ROOT).clientAuth(true)
                .keyType(KeyType.RSA_1024).build();
        ExplainingTrustManager tm = ExplainingTrustManager.of(List.of(ROOT.certificate()), "client", "--client-ca");
        assertThatThrownBy(() -> tm.checkClientTrusted(chain(client), "RSA"))
                .isInstanceOf(PeerCertificateException.class).hasMessageContaining("1024-bit RSA key")
                .satisfies(e -> assertThat(((PeerCertificateException) e).reason())
                        .isEqualTo(PeerCertificateException.Reason.WEAK));
    }

    private static X509Certificate[] chain(HeldCertificate held) {
        return held.chain().toArray(X509Certificate[]::new);
    }
}
