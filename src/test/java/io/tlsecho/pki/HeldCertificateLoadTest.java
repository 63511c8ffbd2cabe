package io.tlsecho.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldCertificateLoadTest {

    static HeldCertificate ca;
    static HeldCertificate leaf;

    @TempDir
    Path dir;

    @BeforeAll
    static void issue() {
        ca = HeldCertificate.builder().commonName("ca").certificateAuthority(true).build();
        leaf = HeldCertificate.builder().signedBy(ca).addSubjectAlternativeName("localhost").build();
    }

    private static PkiException.Kind kind(Throwable e) {
        return ((PkiException) e).kind();
    }

    @Test
    void ofPemLoadsMatchingPair() throws Exception {
        leaf.writeTo(dir.resolve("a.crt"), dir.resolve("a.key"), false);
        HeldCertificate pair = HeldCertificate.load(dir.resolve("a.crt"), dir.resolve("a.key"), null);
        assertThat(pair.certificate()).isEqualTo(leaf.certificate());
        assertThat(pair.chain()).containsExactly(leaf.certificate(), ca.certificate());
        assertThat(pair.privateKey().getEncoded()).isEqualTo(leaf.privateKey().getEncoded());
    }

    @Test
    void ofPemDetectsMismatch() throws Exception {
        Path crt = OpenSsl.write(dir, "a.crt", leaf.chainPem());
        Path key = OpenSsl.write(dir, "a.key", ca.privateKeyPkcs8Pem());
        assertThatThrownBy(() -> HeldCertificate.load(crt, key, null))
                .hasMessage("key " + key + " does not match certificate " + crt + " (certificate key: EC P-256, "
                        + "SHA-256 fingerprint " + CertificateInfo.sha256Fingerprint(leaf.certificate())
                        + "; private key: EC P-256)")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.KEY_MISMATCH));
    }

    @Test
    void ofDetectsMismatchAcrossAlgorithms() throws Exception {
        HeldCertificate rsa = HeldCertificate.builder().keyType(KeyType.RSA_2048).build();
        HeldCertificate ed = HeldCertificate.builder().keyType(KeyType.ED25519).build();
        assertThat(rsa.certificate()).isEqualTo(rsa.certificate());
        assertThat(ed.certificate()).isEqualTo(ed.certificate());
        assertThatThrownBy(() -> HeldCertificate.of(rsa.privateKey(), leaf.chain()))
                .hasMessageContaining("private key does not match certificate CN=localhost")
                .hasMessageContaining("private key: RSA 2048")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.KEY_MISMATCH));
        assertThatThrownBy(() -> HeldCertificate.of(ed.privateKey(), leaf.chain()))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.KEY_MISMATCH));
        assertThatThrownBy(() -> HeldCertificate.of(leaf.privateKey(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ofPemReportsEncryptedKeyAndWrongPassword() throws Exception {
        leaf.writeTo(dir.resolve("a.crt"), dir.resolve("plain.key"), false);
        OpenSsl.run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.key", "-out", "a.key",
                "-passout", "pass:secret");
        Path crt = dir.resolve("a.crt");
        Path key = dir.resolve("a.key");
        assertThat(HeldCertificate.load(crt, key, "secret".toCharArray()).certificate()).isEqualTo(leaf.certificate());
        assertThatThrownBy(() -> HeldCertificate.load(crt, key, null))
                .hasMessageEndingWith("it is encrypted and no password was given");
        assertThatThrownBy(() -> HeldCertificate.load(crt, key, "nope".toCharArray()))
                .hasMessage("wrong password for key " + key)
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.BAD_PASSWORD));
    }

    @Test
    void loadsPkcs12MadeByOpenSsl() throws Exception {
        leaf.writeTo(dir.resolve("a.crt"), dir.resolve("a.key"), false);
        OpenSsl.run(dir, "pkcs12", "-export", "-in", "a.crt", "-inkey", "a.key", "-name", "server",
                "-out", "a.p12", "-passout", "pass:pw");
        Path p12 = dir.resolve("a.p12");
        HeldCertificate pair = HeldCertificate.loadKeyStore(p12, "pw".toCharArray(), null);
        assertThat(pair.certificate()).isEqualTo(leaf.certificate());
        assertThat(pair.chain()).containsExactly(leaf.certificate(), ca.certificate());
        assertThat(HeldCertificate.loadKeyStore(p12, "pw".toCharArray(), "server").certificate()).isEqualTo(leaf.certificate());
        assertThatThrownBy(() -> HeldCertificate.loadKeyStore(p12, "bad".toCharArray(), null))
                .hasMessage("wrong password for keystore " + p12)
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.BAD_PASSWORD));
        assertThatThrownBy(() -> HeldCertificate.loadKeyStore(p12, "pw".toCharArray(), "other"))
                .hasMessage("keystore " + p12 + " has no key entry named 'other' (key entries: server)")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.NO_KEY));
        assertThat(TrustMaterial.read(p12, "pw".toCharArray()))
                .containsExactly(leaf.certificate(), ca.certificate());
        assertThatThrownBy(() -> TrustMaterial.read(p12, null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.BAD_PASSWORD));
    }

    @Test
    void loadsJksMadeWithJdk() throws Exception {
        HeldCertificate rsa = HeldCertificate.builder().keyType(KeyType.RSA_2048).build();
        KeyStore jks = KeyStore.getInstance("JKS");
        jks.load(null, null);
        jks.setKeyEntry("k", rsa.privateKey(), "pw".toCharArray(), new Certificate[] {rsa.certificate()});
        jks.setCertificateEntry("ca", ca.certificate());
        Path file = dir.resolve("a.jks");
        try (OutputStream out = Files.newOutputStream(file)) {
            jks.store(out, "pw".toCharArray());
        }
        HeldCertificate pair = HeldCertificate.loadKeyStore(file, "pw".toCharArray(), null);
        assertThat(pair.certificate()).isEqualTo(rsa.certificate());
        assertThat(TrustMaterial.read(file, "pw".toCharArray()))
                .containsExactlyInAnyOrder(rsa.certificate(), ca.certificate());
        assertThatThrownBy(() -> HeldCertificate.loadKeyStore(file, "bad".toCharArray(), null))
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.BAD_PASSWORD));
    }

    @Test
    void keystoreWithoutKeyIsNoKey() throws Exception {
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setCertificateEntry("ca", ca.certificate());
        Path file = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            p12.store(out, "pw".toCharArray());
        }
        assertThatThrownBy(() -> HeldCertificate.loadKeyStore(file, "pw".toCharArray(), null))
                .hasMessage("keystore " + file + " holds no private key")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.NO_KEY));
        assertThat(TrustMaterial.read(file, "pw".toCharArray())).containsExactly(ca.certificate());
    }

    @Test
    void checkValidityReportsExpiredAndNotYetValid() throws Exception {
        Instant now = Instant.parse("2025-06-15T12:00:00Z");
        HeldCertificate expired = HeldCertificate.builder().notBefore(now.minus(Duration.ofDays(11)))
                .days(1).build();
        HeldCertificate pair = expired;
        assertThatThrownBy(() -> pair.checkValidity(now))
                .hasMessage("certificate CN=localhost expired on 2025-06-05T12:00:00Z (10 days ago)")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.EXPIRED));

        HeldCertificate future = HeldCertificate.builder().notBefore(now.plus(Duration.ofDays(3))).build();
        HeldCertificate later = future;
        assertThatThrownBy(() -> later.checkValidity(now))
                .hasMessage("certificate CN=localhost is not valid until 2025-06-18T12:00:00Z (in 3 days)")
                .satisfies(e -> assertThat(kind(e)).isEqualTo(PkiException.Kind.NOT_YET_VALID));
        later.checkValidity(now.plus(Duration.ofDays(4)));
    }
}
