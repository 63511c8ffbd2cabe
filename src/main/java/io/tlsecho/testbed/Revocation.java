package io.tlsecho.testbed;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** The revocation scenarios' certificates and staples, and the CRL and OCSP pointers every certificate carries. */
final class Revocation {

    /** The TLS feature status_request (RFC 7633): "must staple". */
    private static final int STATUS_REQUEST = 5;
    /** id-pe-tlsfeature (RFC 7633). */
    private static final ASN1ObjectIdentifier TLS_FEATURE = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.1.24");

    private Revocation() {
    }

    /**
     * A responder certificate {@code ca} delegates its OCSP answers to (RFC 6960 4.2.2.2): extended key usage
     * OCSPSigning only, and id-pkix-ocsp-nocheck, so a client does not ask about the responder itself.
     */
    static HeldCertificate ocspResponder(String commonName, HeldCertificate ca) {
        return HeldCertificate.builder().commonName(commonName).days(30).signedBy(ca)
                .extension(ChainFlaws.extension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning)))
                .extension(ChainFlaws.extension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE))
                .build();
    }

    /** {@code b} with a CRL distribution point ({@code /crl/CRL.crl}) and an AIA OCSP URL under {@code responder}. */
    static HeldCertificate.Builder pointers(HeldCertificate.Builder b, String responder, String crl) {
        GeneralName crlUrl = new GeneralName(GeneralName.uniformResourceIdentifier,
                responder + ResponderHandler.CRL_PATH + crl + ".crl");
        DistributionPoint point = new DistributionPoint(new DistributionPointName(new GeneralNames(crlUrl)), null, null);
        AccessDescription ocsp = new AccessDescription(AccessDescription.id_ad_ocsp,
                new GeneralName(GeneralName.uniformResourceIdentifier, responder + RevocationResponder.OCSP_PATH));
        return b.extension(ChainFlaws.extension(Extension.cRLDistributionPoints, false,
                        new CRLDistPoint(new DistributionPoint[] {point})))
                .extension(ChainFlaws.extension(Extension.authorityInfoAccess, false,
                        new AuthorityInformationAccess(ocsp)));
    }

    /** The leaf of a revocation scenario, after telling the responder what to say of it. */
    static HeldCertificate identity(Scenario scenario, TestbedPki pki) throws PkiException {
        HeldCertificate.Builder leaf = pki.leaf(scenario);
        if (scenario == Scenario.MUST_STAPLE_MISSING) {
            leaf.extension(ChainFlaws.extension(TLS_FEATURE, false,
                    new DERSequence(new ASN1Integer(STATUS_REQUEST))));
        }
        HeldCertificate held = TestbedPki.sent(leaf.build());
        switch (scenario) {
            case REVOKED_CRL -> pki.revocations().revokeOnCrl(held.certificate());
            case REVOKED_OCSP, OCSP_STAPLED_REVOKED -> pki.revocations().revokeOnOcsp(held.certificate());
            default -> { }
        }
        return held;
    }

    /** The OCSP response the server of {@code scenario} staples for {@code identity}; null when it staples none. */
    static byte[] staple(Scenario scenario, HeldCertificate identity, TestbedPki pki) {
        Instant now = pki.now();
        return switch (scenario) {
            case OCSP_STAPLED_GOOD, OCSP_STAPLED_REVOKED -> pki.revocations().ocspResponse(identity.certificate(),
                    now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(1)));
            case OCSP_STAPLED_EXPIRED -> pki.revocations().ocspResponse(identity.certificate(),
                    now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
            default -> null;
        };
    }
}
