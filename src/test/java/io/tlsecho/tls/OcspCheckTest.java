package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.Revocations;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

/**
 * What {@link OcspCheck} makes of OCSP responses built by the test bed's {@link Revocations}: signed by the issuer,
 * or by a responder certificate the issuer made for OCSP signing, and nothing else; current; revoked or good.
 */
class OcspCheckTest {

    private static final HeldCertificate CA = HeldCertificate.builder().commonName("ocsp test CA")
            .certificateAuthority(true).build();
    private static final HeldCertificate LEAF = HeldCertificate.builder().commonName("localhost")
            .addSubjectAlternativeName("localhost").signedBy(CA).build();

    private final Instant now = Instant.now();

    @Test
    void aResponseSignedByTheIssuerIsBelieved() {
        assertThat(check(revocations()).state()).isEqualTo(RevocationStatus.State.GOOD);
    }

    @Test
    void aResponseSignedByADelegatedResponderForOcspSigningIsBelieved() {
        Revocations r = revocations();
        r.delegateOcsp("ca", responder(CA, true));
        r.revokeOnOcsp(LEAF.certificate());
        RevocationStatus status = check(r);
        assertThat(status.state()).isEqualTo(RevocationStatus.State.REVOKED);
        assertThat(status.revocation()).startsWith(OcspCheck.STAPLE + ", revoked ").endsWith(", keyCompromise");
    }

    @Test
    void aResponderCertificateWithoutOcspSigningIsNot() {
        Revocations r = revocations();
        r.delegateOcsp("ca", responder(CA, false));
        RevocationStatus status = check(r);
        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNAVAILABLE);
        assertThat(status.problem()).isEqualTo("it is signed neither by the issuer CN=ocsp test CA nor by a responder "
                + "certificate the issuer made for OCSP signing");
    }

    @Test
    void aResponderCertificateFromAnotherCaIsNot() {
        HeldCertificate other = HeldCertificate.builder().commonName("ocsp test CA").certificateAuthority(true).build();
        Revocations r = revocations();
        r.delegateOcsp("ca", responder(other, true));
        assertThat(check(r).problem()).startsWith("it is signed neither by the issuer");
    }

    @Test
    void aResponsePastItsNextUpdateIsNot() {
        byte[] staple = revocations().ocspResponse(LEAF.certificate(), now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(1)));
        RevocationStatus status = OcspCheck.staple(staple, LEAF.certificate(), CA.certificate(), now);
        assertThat(status.state()).isEqualTo(RevocationStatus.State.UNAVAILABLE);
        assertThat(status.problem()).startsWith("it expired at ").endsWith(" (nextUpdate, 24 hours ago)");
    }

    @Test
    void bytesThatAreNoResponseAreSaidToBeSo() {
        RevocationStatus status = OcspCheck.staple(new byte[] {1, 2, 3}, LEAF.certificate(), CA.certificate(), now);
        assertThat(status.problem()).startsWith("not an OCSP response: ");
    }

    private RevocationStatus check(Revocations r) {
        byte[] staple = r.ocspResponse(LEAF.certificate(), now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        return OcspCheck.staple(staple, LEAF.certificate(), CA.certificate(), now);
    }

    private static Revocations revocations() {
        Revocations r = new Revocations();
        r.addAuthority("ca", CA);
        return r;
    }

    private static HeldCertificate responder(HeldCertificate issuer, boolean ocspSigning) {
        HeldCertificate.Builder b = HeldCertificate.builder().commonName("responder").signedBy(issuer)
                .extension(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, der(DERNull.INSTANCE)));
        if (ocspSigning) {
            b.extension(new Extension(Extension.extendedKeyUsage, false,
                    der(new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning))));
        }
        return b.build();
    }

    private static byte[] der(org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
