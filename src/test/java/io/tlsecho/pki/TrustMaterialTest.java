package io.tlsecho.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustMaterialTest {

    @TempDir
    Path dir;

    @Test
    void readsPemBundleAndDer() throws Exception {
        HeldCertificate a = HeldCertificate.builder().commonName("a").build();
        HeldCertificate b = HeldCertificate.builder().commonName("b").build();
        Path bundle = OpenSsl.write(dir, "bundle.pem", a.certificatePem() + b.certificatePem());
        assertThat(TrustMaterial.read(bundle, null)).containsExactly(a.certificate(), b.certificate());
        Path der = dir.resolve("a.der");
        Files.write(der, a.certificate().getEncoded());
        assertThat(TrustMaterial.read(der, null)).containsExactly(a.certificate());
    }

    @Test
    void rejectsEmptyAndGarbage() throws Exception {
        Path empty = OpenSsl.write(dir, "empty.pem", "");
        assertThatThrownBy(() -> TrustMaterial.read(empty, null))
                .hasMessage("no certificate found in " + empty)
                .satisfies(e -> assertThat(((PkiException) e).kind()).isEqualTo(PkiException.Kind.MALFORMED));
        Path garbage = OpenSsl.write(dir, "garbage.bin", "hello, world");
        assertThatThrownBy(() -> TrustMaterial.read(garbage, null))
                .hasMessage("trust file " + garbage + " is neither a PEM or DER certificate nor a PKCS#12 or JKS keystore")
                .satisfies(e -> assertThat(((PkiException) e).kind()).isEqualTo(PkiException.Kind.MALFORMED));
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> TrustMaterial.read(missing, null))
                .hasMessage("trust file " + missing + ": no such file");
    }
}
