package io.tlsecho.pki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CertificateInfoTest {

    @Test
    void showsCliDefaultSans() {
        HeldCertificate held = HeldCertificate.builder()
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("::1")
                .keyType(KeyType.ED25519)
                .build();
        CertificateInfo info = CertificateInfo.of(held.certificate());
        assertThat(info.subjectAlternativeNames()).containsExactly("DNS:localhost", "IP:127.0.0.1", "IP:::1");
        assertThat(info.keyDescription()).isEqualTo("Ed25519");
        assertThat(info.selfSigned()).isTrue();
        assertThat(info.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
    }

    @Test
    void compressesIpv6LikeRfc5952() {
        assertThat(CertificateInfo.formatIp("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(CertificateInfo.formatIp("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(CertificateInfo.formatIp("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(CertificateInfo.formatIp("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(CertificateInfo.formatIp("fe80:0:0:0:0:0:0:0")).isEqualTo("fe80::");
        assertThat(CertificateInfo.formatIp("10.1.2.3")).isEqualTo("10.1.2.3");
    }
}
