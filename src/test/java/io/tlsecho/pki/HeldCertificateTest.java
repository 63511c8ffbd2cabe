package io.tlsecho.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldCertificateTest {

    @TempDir
    Path dir;

    static X509TrustManager trustManager(X509Certificate anchor) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("anchor", anchor);
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    @Test
    void defaultIsSelfSignedEcP256WithoutSans() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        HeldCertificate held = HeldCertificate.builder().build();
        X509Certificate cert = held.certificate();
        CertificateInfo info = CertificateInfo.of(cert);
        assertThat(info.subject()).isEqualTo("CN=localhost");
        assertThat(info.issuer()).isEqualTo("CN=localhost");
        assertThat(info.selfSigned()).isTrue();
        assertThat(info.keyDescription()).isEqualTo("EC P-256");
        assertThat(info.subjectAlternativeNames()).isEmpty();
        assertThat(cert.getExtensionValue(Extension.subjectAlternativeName.getId())).isNull();
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isLessThanOrEqualTo(127);
        assertThat(info.notBefore()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(Duration.between(info.notBefore(), info.notAfter())).isEqualTo(Duration.ofDays(365));
        assertThat(held.chain()).containsExactly(cert);
        assertThat(held.chainPem()).isEqualTo(held.certificatePem());
        assertThat(held.privateKeyPkcs8Pem()).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void selfSignedLeafIsAcceptedAsTrustAnchorByJdkAndOpenSsl() throws Exception {
        HeldCertificate held = HeldCertificate.builder()
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("::1")
                .build();
        X509TrustManager trustManager = trustManager(held.certificate());
        X509Certificate[] chain = {held.certificate()};
        trustManager.checkServerTrusted(chain, "ECDHE_ECDSA");
        trustManager.checkServerTrusted(chain, "UNKNOWN");
        trustManager.checkClientTrusted(chain, "UNKNOWN");

        held.writeTo(dir.resolve("c.crt"), dir.resolve("c.key"), false);
        String text = OpenSsl.run(dir, "x509", "-noout", "-text", "-in", "c.crt");
        assertThat(text).contains("Subject: CN = localhost")
                .contains("DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1");
        assertThat(OpenSsl.run(dir, "verify", "-CAfile", "c.crt", "c.crt")).contains("c.crt: OK");
        assertThat(OpenSsl.run(dir, "verify", "-purpose", "sslserver", "-CAfile", "c.crt", "c.crt"))
                .contains("c.crt: OK");
        assertThat(OpenSsl.run(dir, "pkey", "-in", "c.key", "-noout", "-text")).contains("NIST CURVE: P-256");
    }

    @Test
    void caSignedLeafVerifiesWithOpenSslAndPkix() throws Exception {
        HeldCertificate ca = HeldCertificate.builder().commonName("tlsecho test CA").certificateAuthority(true)
                .keyType(KeyType.RSA_2048).build();
        HeldCertificate leaf = HeldCertificate.builder().signedBy(ca).addSubjectAlternativeName("localhost")
                .keyType(KeyType.EC_P256).build();
        HeldCertificate client = HeldCertificate.builder().commonName("client").signedBy(ca).clientAuth(true)
                .keyType(KeyType.ED25519).build();

        assertThat(ca.certificate().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(ca.certificate().getKeyUsage()[5]).isTrue(); // keyCertSign
        assertThat(ca.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        assertThat(leaf.certificate().getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(leaf.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(client.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(leaf.certificate().getKeyUsage()[0]).isTrue(); // digitalSignature
        assertThat(leaf.certificate().getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), ca.certificate());
        assertThat(CertificateInfo.of(leaf.certificate()).selfSigned()).isFalse();

        X509TrustManager trustManager = trustManager(ca.certificate());
        trustManager.checkServerTrusted(leaf.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA");
        trustManager.checkClientTrusted(client.chain().toArray(new X509Certificate[0]), "UNKNOWN");
        assertThatThrownBy(() -> trustManager(leaf.certificate())
                .checkServerTrusted(new X509Certificate[] {client.certificate()}, "UNKNOWN"))
                .isInstanceOf(java.security.cert.CertificateException.class);

        ca.writeTo(dir.resolve("ca.crt"), dir.resolve("ca.key"), false);
        leaf.writeTo(dir.resolve("leaf.crt"), dir.resolve("leaf.key"), false);
        client.writeTo(dir.resolve("client.crt"), dir.resolve("client.key"), false);
        assertThat(OpenSsl.run(dir, "verify", "-CAfile", "ca.crt", "-purpose", "sslserver", "leaf.crt"))
                .contains("leaf.crt: OK");
        assertThat(OpenSsl.run(dir, "verify", "-CAfile", "ca.crt", "-purpose", "sslclient", "client.crt"))
                .contains("client.crt: OK");
        assertThat(OpenSsl.run(dir, "x509", "-noout", "-text", "-in", "ca.crt"))
                .contains("CA:TRUE").contains("Certificate Sign, CRL Sign");

        HeldCertificate loadedCa = HeldCertificate.load(dir.resolve("ca.crt"), dir.resolve("ca.key"), null);
        assertThat(loadedCa.certificate()).isEqualTo(ca.certificate());
        HeldCertificate second = HeldCertificate.builder().signedBy(loadedCa).build();
        trustManager.checkServerTrusted(second.chain().toArray(new X509Certificate[0]), "UNKNOWN");
    }

    @Test
    void rsa4096SelfSigned() {
        HeldCertificate held = HeldCertificate.builder().keyType(KeyType.RSA_4096).build();
        assertThat(CertificateInfo.of(held.certificate()).keyDescription()).isEqualTo("RSA 4096");
    }

    @Test
    void writeToRefusesOverwriteAndCreatesKeyWithMode0600() throws Exception {
        HeldCertificate held = HeldCertificate.builder().build();
        Path crt = dir.resolve("sub/dir/server.crt");
        Path key = dir.resolve("sub/dir/server.key");
        held.writeTo(crt, key, false);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(crt)).isEqualTo(held.chainPem());

        HeldCertificate other = HeldCertificate.builder().build();
        Files.delete(crt);
        assertThatThrownBy(() -> other.writeTo(crt, key, false))
                .isInstanceOf(PkiException.class)
                .hasMessage(key + " exists")
                .extracting(e -> ((PkiException) e).kind()).isEqualTo(PkiException.Kind.EXISTS);
        assertThat(crt).doesNotExist(); // nothing written

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        other.writeTo(crt, key, true);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(HeldCertificate.load(crt, key, null).certificate()).isEqualTo(other.certificate());
    }

    @Test
    void loadDetectsMismatchedKey() throws Exception {
        HeldCertificate a = HeldCertificate.builder().build();
        HeldCertificate b = HeldCertificate.builder().build();
        Path crt = OpenSsl.write(dir, "a.crt", a.certificatePem());
        Path key = OpenSsl.write(dir, "b.key", b.privateKeyPkcs8Pem());
        assertThatThrownBy(() -> HeldCertificate.load(crt, key, null))
                .isInstanceOf(PkiException.class)
                .hasMessageStartingWith("key " + key + " does not match certificate " + crt
                        + " (certificate key: EC P-256, SHA-256 fingerprint "
                        + CertificateInfo.sha256Fingerprint(a.certificate()))
                .extracting(e -> ((PkiException) e).kind()).isEqualTo(PkiException.Kind.KEY_MISMATCH);
    }

    @Test
    void builderFailsFastOnBadArguments() {
        assertThatThrownBy(() -> HeldCertificate.builder().days(0)).hasMessage("days: 0 (expected: > 0)");
        assertThatThrownBy(() -> HeldCertificate.builder().validity(Duration.ofSeconds(-5)))
                .hasMessage("validity: PT-5S (expected: > 0)");
        assertThatThrownBy(() -> HeldCertificate.builder().addSubjectAlternativeName(" "))
                .isInstanceOf(IllegalArgumentException.class);
        HeldCertificate notCa = HeldCertificate.builder().build();
        assertThatThrownBy(() -> HeldCertificate.builder().signedBy(notCa).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CN=localhost");
    }

    @Test
    void bracketedIpv6AndIpv4AreIpSans() {
        HeldCertificate held = HeldCertificate.builder().addSubjectAlternativeName("[fe80::1]")
                .addSubjectAlternativeName("10.0.0.1").addSubjectAlternativeName("*.example.com").build();
        assertThat(CertificateInfo.of(held.certificate()).subjectAlternativeNames())
                .containsExactly("IP:fe80::1", "IP:10.0.0.1", "DNS:*.example.com");
    }

    @Test
    void keyTypeFromCliName() {
        assertThat(KeyType.fromCliName("ed25519")).isEqualTo(KeyType.ED25519);
        assertThat(KeyType.fromCliName("RSA-2048")).isEqualTo(KeyType.RSA_2048);
        assertThatThrownBy(() -> KeyType.fromCliName("dsa"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key type: dsa (expected one of: ec-p256, rsa-2048, rsa-4096, ed25519)");
        assertThat(List.of(KeyType.values())).filteredOn(t -> t != KeyType.RSA_1024)
                .allSatisfy(t -> assertThat(KeyType.fromCliName(t.cliName())).isEqualTo(t));
        // Only for testing clients: not offered on the command line.
        assertThatThrownBy(() -> KeyType.fromCliName("rsa-1024")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weakAndOutOfDateCertificatesForTestingClients() throws Exception {
        java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        HeldCertificate ca = HeldCertificate.builder().commonName("ca").certificateAuthority(true).build();
        HeldCertificate expired = HeldCertificate.builder().notBefore(now.minusSeconds(86400 * 30))
                .notAfter(now.minusSeconds(86400)).signedBy(ca).build();
        assertThat(expired.certificate().getNotAfter().toInstant()).isEqualTo(now.minusSeconds(86400));
        assertThatThrownBy(() -> expired.checkValidity(now)).isInstanceOf(PkiException.class);
        assertThatThrownBy(() -> HeldCertificate.builder().notBefore(now).notAfter(now).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("notAfter");

        HeldCertificate sha1 = HeldCertificate.builder().sha1Signature(true).signedBy(ca).build();
        assertThat(sha1.certificate().getSigAlgName()).isEqualTo("SHA1withECDSA");
        sha1.certificate().verify(ca.certificate().getPublicKey());

        HeldCertificate rsa1024 = HeldCertificate.builder().keyType(KeyType.RSA_1024).signedBy(ca).build();
        assertThat(((java.security.interfaces.RSAPublicKey) rsa1024.certificate().getPublicKey()).getModulus().bitLength())
                .isEqualTo(1024);
    }

    @Test
    void extensionReplacesTheDefaultOfItsOidAndKeyPairReusesAKey() throws Exception {
        HeldCertificate ca = HeldCertificate.builder().commonName("ca").certificateAuthority(true).build();
        HeldCertificate first = HeldCertificate.builder().signedBy(ca).build();
        assertThat(first.certificate().getKeyUsage()[0]).as("digitalSignature by default").isTrue();
        HeldCertificate second = HeldCertificate.builder().signedBy(ca).keyPair(first.keyPair())
                .extension(new Extension(Extension.keyUsage, true,
                        new org.bouncycastle.asn1.x509.KeyUsage(org.bouncycastle.asn1.x509.KeyUsage.keyEncipherment)
                                .getEncoded()))
                .build();
        boolean[] usage = second.certificate().getKeyUsage();
        assertThat(usage[0]).as("digitalSignature").isFalse();
        assertThat(usage[2]).as("keyEncipherment").isTrue();
        assertThat(second.certificate().getPublicKey()).isEqualTo(first.certificate().getPublicKey());
        assertThat(second.certificate().getCriticalExtensionOIDs()).contains(Extension.keyUsage.getId());
        // one keyUsage extension, not two
        assertThat(second.certificate().getEncoded().length).isLessThan(first.certificate().getEncoded().length + 16);
    }
}
