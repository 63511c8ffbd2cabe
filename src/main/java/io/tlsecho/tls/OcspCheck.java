package io.tlsecho.tls;

import io.tlsecho.log.Messages;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaCertificateID;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * What an OCSP response says of a certificate (RFC 6960): signed by its issuer or by a responder certificate the
 * issuer made for OCSP signing, current, and for this certificate; stapled by the server or asked of a responder.
 */
final class OcspCheck {

    /** The stapled response, as the messages name it. */
    static final String STAPLE = "the stapled OCSP response";

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

    private OcspCheck() {
    }

    /** What the server's stapled response {@code der} says of {@code certificate}. */
    static RevocationStatus staple(byte[] der, X509Certificate certificate, X509Certificate issuer, Instant now) {
        return read(STAPLE, der, null, certificate, issuer, now);
    }

    /** Asks the responder at {@code url} about {@code certificate} (POST, with a nonce it may echo). */
    static RevocationStatus ask(String url, X509Certificate certificate, X509Certificate issuer, Instant now,
                                RevocationFetch fetch) {
        String source = "OCSP " + url;
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        byte[] answer;
        try {
            OCSPReqBuilder request = new OCSPReqBuilder().addRequest(id(certificate, issuer));
            request.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce))));
            answer = fetch.post(url, request.build().getEncoded(), "application/ocsp-request");
        } catch (IOException e) {
            return RevocationStatus.unavailable(source, Messages.of(e));
        } catch (OCSPException | GeneralSecurityException | OperatorCreationException e) {
            return RevocationStatus.unavailable(source, "cannot make the request: " + Messages.of(e));
        }
        return read(source, answer, nonce, certificate, issuer, now);
    }

    private static RevocationStatus read(String source, byte[] der, byte[] nonce, X509Certificate certificate,
                                         X509Certificate issuer, Instant now) {
        BasicOCSPResp basic;
        try {
            OCSPResp response = new OCSPResp(der);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                return RevocationStatus.unavailable(source, "the responder answered status " + response.getStatus()
                        + " (" + status(response.getStatus()) + ")");
            }
            basic = (BasicOCSPResp) response.getResponseObject();
        } catch (IOException | OCSPException | RuntimeException e) {
            return RevocationStatus.unavailable(source, "not an OCSP response: " + Messages.of(e));
        }
        String signer = signer(basic, issuer, now);
        if (signer != null) {
            return RevocationStatus.unavailable(source, signer);
        }
        Extension echoed = basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null && echoed != null && !Arrays.equals(echoed.getExtnValue().getOctets(),
                new DEROctetString(nonce).getOctets())) {
            return RevocationStatus.unavailable(source, "it answers another request (its nonce is not ours)");
        }
        SingleResp single = find(basic, certificate, issuer);
        if (single == null) {
            return RevocationStatus.unavailable(source, "it says nothing of serial " + RevocationChecker.serial(certificate));
        }
        Instant thisUpdate = single.getThisUpdate().toInstant();
        if (thisUpdate.isAfter(now.plus(CrlCheck.SKEW))) {
            return RevocationStatus.unavailable(source, "it is from the future (thisUpdate " + thisUpdate + ")");
        }
        Date next = single.getNextUpdate();
        if (next != null && next.toInstant().isBefore(now.minus(CrlCheck.SKEW))) {
            return RevocationStatus.unavailable(source, "it expired at " + next.toInstant() + " (nextUpdate, "
                    + ExplainingTrustManager.human(java.time.Duration.between(next.toInstant(), now)) + " ago)");
        }
        Object status = single.getCertStatus();
        if (status instanceof RevokedStatus revoked) {
            CRLReason reason = revoked.hasRevocationReason() && revoked.getRevocationReason() < CRLReason.values().length
                    ? CRLReason.values()[revoked.getRevocationReason()] : null;
            return RevocationStatus.revoked(source, revoked.getRevocationTime().toInstant(), reason);
        }
        if (status instanceof UnknownStatus) {
            return RevocationStatus.unavailable(source, "the responder does not know the certificate (status unknown)");
        }
        return RevocationStatus.good(source);
    }

    /** Null when the response is signed by {@code issuer} or a responder it delegated to; else what is wrong. */
    private static String signer(BasicOCSPResp basic, X509Certificate issuer, Instant now) {
        if (signedWith(basic, issuer.getPublicKey())) {
            return null;
        }
        X500Name ca = X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
        for (X509CertificateHolder responder : basic.getCerts()) {
            try {
                boolean delegated = responder.getIssuer().equals(ca)
                        && responder.isSignatureValid(verifier(issuer.getPublicKey()))
                        && responder.isValidOn(Date.from(now)) && ocspSigning(responder)
                        && basic.isSignatureValid(verifier(CONVERTER.getCertificate(responder).getPublicKey()));
                if (delegated) {
                    return null;
                }
            } catch (OCSPException | CertificateException | CertException e) {
                // not this one: another certificate of the response may be the responder's
            }
        }
        return "it is signed neither by the issuer " + issuer.getSubjectX500Principal().getName()
                + " nor by a responder certificate the issuer made for OCSP signing";
    }

    private static boolean signedWith(BasicOCSPResp basic, PublicKey key) {
        try {
            return basic.isSignatureValid(verifier(key));
        } catch (OCSPException e) {
            return false;
        }
    }

    private static boolean ocspSigning(X509CertificateHolder responder) {
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(responder.getExtensions());
        return eku != null && eku.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning);
    }

    private static SingleResp find(BasicOCSPResp basic, X509Certificate certificate, X509Certificate issuer) {
        try {
            X509CertificateHolder ca = new JcaX509CertificateHolder(issuer);
            for (SingleResp single : basic.getResponses()) {
                CertificateID id = single.getCertID();
                if (id.getSerialNumber().equals(certificate.getSerialNumber())
                        && id.matchesIssuer(ca, new JcaDigestCalculatorProviderBuilder().build())) {
                    return single;
                }
            }
        } catch (OCSPException | OperatorCreationException | GeneralSecurityException e) {
            return null;
        }
        return null;
    }

    private static CertificateID id(X509Certificate certificate, X509Certificate issuer)
            throws OCSPException, OperatorCreationException, GeneralSecurityException {
        return new JcaCertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                issuer, certificate.getSerialNumber());
    }

    private static ContentVerifierProvider verifier(PublicKey key) {
        return JdkVerifier.of(key);
    }

    private static String status(int status) {
        return switch (status) {
            case OCSPResp.MALFORMED_REQUEST -> "malformedRequest";
            case OCSPResp.INTERNAL_ERROR -> "internalError";
            case OCSPResp.TRY_LATER -> "tryLater";
            case OCSPResp.SIG_REQUIRED -> "sigRequired";
            case OCSPResp.UNAUTHORIZED -> "unauthorized";
            default -> "unknown";
        };
    }
}
