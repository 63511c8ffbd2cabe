package io.tlsecho.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    @TempDir
    Path dir;

    private PrivateKey load(String file, String password) throws PkiException {
        return Pem.readPrivateKey(dir.resolve(file), password == null ? null : password.toCharArray());
    }

    @Test
    void readsPkcs8EcKey() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.key");
        assertThat(Files.readString(dir.resolve("ec.key"))).contains("BEGIN PRIVATE KEY");
        PrivateKey key = load("ec.key", null);
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(Keys.describe(key)).isEqualTo("EC P-256");
    }

    @Test
    void readsPkcs1RsaKey() throws Exception {
        OpenSsl.run(dir, "genrsa", "-traditional", "-out", "rsa.key", "2048");
        assertThat(Files.readString(dir.resolve("rsa.key"))).contains("BEGIN RSA PRIVATE KEY");
        PrivateKey key = load("rsa.key", null);
        assertThat(Keys.describe(key)).isEqualTo("RSA 2048");
    }

    @Test
    void readsSec1KeyWithParameters() throws Exception {
        OpenSsl.run(dir, "ecparam", "-genkey", "-name", "prime256v1", "-out", "sec1.key");
        String text = Files.readString(dir.resolve("sec1.key"));
        assertThat(text).contains("BEGIN EC PARAMETERS").contains("BEGIN EC PRIVATE KEY");
        assertThat(Keys.describe(load("sec1.key", null))).isEqualTo("EC P-256");
    }

    @Test
    void readsEd25519Key() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "ED25519", "-out", "ed.key");
        assertThat(Keys.describe(load("ed.key", null))).isEqualTo("Ed25519");
    }

    @Test
    void readsEncryptedPkcs8Key() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.key");
        OpenSsl.run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.key", "-out", "enc.key",
                "-passout", "pass:secret");
        assertThat(Files.readString(dir.resolve("enc.key"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
        assertThat(load("enc.key", "secret").getEncoded()).isEqualTo(load("plain.key", null).getEncoded());
    }

    @Test
    void readsGenpkeyAes256Key() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "ED25519", "-aes256", "-pass", "pass:secret", "-out", "enc.key");
        assertThat(Keys.describe(load("enc.key", "secret"))).isEqualTo("Ed25519");
    }

    @Test
    void readsLegacyEncryptedRsaKey() throws Exception {
        OpenSsl.run(dir, "genrsa", "-traditional", "-out", "plain.key", "2048");
        OpenSsl.run(dir, "rsa", "-aes256", "-traditional", "-in", "plain.key", "-out", "enc.key",
                "-passout", "pass:secret");
        assertThat(Files.readString(dir.resolve("enc.key"))).contains("Proc-Type: 4,ENCRYPTED");
        assertThat(load("enc.key", "secret").getEncoded()).isEqualTo(load("plain.key", null).getEncoded());
    }

    @Test
    void readsEveryEncryptionOpenSslWrites() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.key");
        BigInteger plain = ((ECPrivateKey) load("plain.key", null)).getS();
        Map<String, List<String>> encryptions = new LinkedHashMap<>();
        encryptions.put("v2-aes256.key", List.of("pkcs8", "-topk8", "-v2", "aes-256-cbc"));
        encryptions.put("v2-aes128-sha1.key",
                List.of("pkcs8", "-topk8", "-v2", "aes-128-cbc", "-v2prf", "hmacWithSHA1"));
        encryptions.put("v2-aes192-sha512.key",
                List.of("pkcs8", "-topk8", "-v2", "aes-192-cbc", "-v2prf", "hmacWithSHA512"));
        encryptions.put("v2-3des.key", List.of("pkcs8", "-topk8", "-v2", "des3"));
        encryptions.put("v1-3des.key", List.of("pkcs8", "-topk8", "-v1", "PBE-SHA1-3DES"));
        encryptions.put("scrypt.key", List.of("pkcs8", "-topk8", "-scrypt"));
        encryptions.put("legacy-ec.key", List.of("ec", "-aes256"));
        encryptions.put("legacy-ec-3des.key", List.of("ec", "-des3"));
        for (Map.Entry<String, List<String>> e : encryptions.entrySet()) {
            List<String> args = new ArrayList<>(e.getValue());
            args.addAll(List.of("-in", "plain.key", "-out", e.getKey(), "-passout", "pass:secret"));
            OpenSsl.run(dir, args.toArray(String[]::new));
            assertThat(((ECPrivateKey) load(e.getKey(), "secret")).getS()).as(e.getKey()).isEqualTo(plain);
            Path path = dir.resolve(e.getKey());
            assertThatThrownBy(() -> load(e.getKey(), "wrong"))
                    .as(e.getKey())
                    .isInstanceOf(PkiException.class)
                    .hasMessage("wrong password for key " + path)
                    .extracting(x -> ((PkiException) x).kind()).isEqualTo(PkiException.Kind.BAD_PASSWORD);
        }
        assertThat(Files.readString(dir.resolve("scrypt.key"))).contains("BEGIN ENCRYPTED PRIVATE KEY");
        assertThat(Files.readString(dir.resolve("legacy-ec.key"))).contains("DEK-Info: AES-256-CBC");
    }

    @Test
    void namesAnEncryptionItCannotDecrypt() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.key");
        OpenSsl.run(dir, "pkcs8", "-topk8", "-v2", "camellia-256-cbc", "-in", "plain.key", "-out", "enc.key",
                "-passout", "pass:secret");
        Path path = dir.resolve("enc.key");
        assertThatThrownBy(() -> load("enc.key", "secret"))
                .isInstanceOf(PkiException.class)
                .hasMessage("cannot read key file " + path
                        + ": unsupported encryption (PBES2 cipher 1.2.392.200011.61.1.1.1.4)")
                .extracting(x -> ((PkiException) x).kind()).isEqualTo(PkiException.Kind.MALFORMED);
    }

    @Test
    void encryptedKeyWithoutPasswordAsksForOne() throws Exception {
        OpenSsl.run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "plain.key");
        OpenSsl.run(dir, "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", "plain.key", "-out", "enc.key",
                "-passout", "pass:secret");
        OpenSsl.run(dir, "ec", "-aes256", "-in", "plain.key", "-out", "legacy.key", "-passout", "pass:secret");
        for (String file : List.of("enc.key", "legacy.key")) {
            Path path = dir.resolve(file);
            assertThatThrownBy(() -> load(file, null))
                    .isInstanceOf(PkiException.class)
                    .hasMessage("cannot read key file " + path + ": it is encrypted and no password was given")
                    .extracting(e -> ((PkiException) e).kind()).isEqualTo(PkiException.Kind.BAD_PASSWORD);
            assertThatThrownBy(() -> load(file, "wrong"))
                    .isInstanceOf(PkiException.class)
                    .hasMessage("wrong password for key " + path)
                    .extracting(e -> ((PkiException) e).kind()).isEqualTo(PkiException.Kind.BAD_PASSWORD);
        }
    }

    @Test
    void readsSeedCommandOutput() throws Exception {
        OpenSsl.run(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "k", "-x509", "-days", "365",
                "-out", "c", "-subj", "/CN=pymotw.com");
        List<X509Certificate> certificates = Pem.readCertificates(dir.resolve("c"));
        assertThat(certificates).hasSize(1);
        assertThat(CertificateInfo.of(certificates.get(0)).subject()).isEqualTo("CN=pymotw.com");
        assertThat(Keys.matches(load("k", null), certificates.get(0).getPublicKey())).isTrue();
    }

    @Test
    void readsDerCertificate() throws Exception {
        HeldCertificate held = HeldCertificate.builder().build();
        Path der = dir.resolve("c.der");
        Files.write(der, held.certificate().getEncoded());
        assertThat(Pem.readCertificates(der)).containsExactly(held.certificate());
    }

    @Test
    void readsAllCertificatesInOrder() throws Exception {
        HeldCertificate ca = HeldCertificate.builder().commonName("ca").certificateAuthority(true).build();
        HeldCertificate leaf = HeldCertificate.builder().signedBy(ca).build();
        Path file = OpenSsl.write(dir, "chain.pem", "some text\n" + leaf.chainPem());
        assertThat(Pem.readCertificates(file)).containsExactly(leaf.certificate(), ca.certificate());
    }

    @Test
    void reportsMissingAndEmptyFiles() throws Exception {
        Path missing = dir.resolve("nope.crt");
        assertThatThrownBy(() -> Pem.readCertificates(missing))
                .hasMessage("certificate file " + missing + ": no such file")
                .extracting(e -> ((PkiException) e).kind()).isEqualTo(PkiException.Kind.FILE_NOT_FOUND);
        Path keyOnly = OpenSsl.write(dir, "key.pem", HeldCertificate.builder().build().privateKeyPkcs8Pem());
        assertThatThrownBy(() -> Pem.readCertificates(keyOnly))
                .hasMessage("no certificate found in " + keyOnly)
                .extracting(e -> ((PkiException) e).kind()).isEqualTo(PkiException.Kind.MALFORMED);
        Path certOnly = OpenSsl.write(dir, "cert.pem", HeldCertificate.builder().build().certificatePem());
        assertThatThrownBy(() -> Pem.readPrivateKey(certOnly, null))
                .hasMessage("no private key found in " + certOnly)
                .extracting(e -> ((PkiException) e).kind()).isEqualTo(PkiException.Kind.MALFORMED);
    }

    @Test
    void encodesSixtyFourColumns() {
        String pem = Pem.encode("CERTIFICATE", new byte[100]);
        List<String> lines = pem.lines().toList();
        assertThat(lines.get(0)).isEqualTo("-----BEGIN CERTIFICATE-----");
        assertThat(lines.get(1)).hasSize(64);
        assertThat(lines.get(lines.size() - 1)).isEqualTo("-----END CERTIFICATE-----");
        assertThat(pem).endsWith("\n");
    }
}
