package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaBasicOCSPRespBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * What a set of CAs says about revoked certificates: DER CRLs (which list what {@link #revokeOnCrl} was given)
 * and RFC 6960 OCSP responses (which call revoked what {@link #revokeOnOcsp} was given), each signed by the
 * certificate's issuing CA or by the responder certificate it delegated OCSP to. The two lists are apart on purpose,
 * so a client's CRL and OCSP checks can be told apart.
 */
public final class Revocations {

    /** How long a CRL or an OCSP response is valid: its nextUpdate. */
    public static final Duration VALIDITY = Duration.ofDays(1);

    private final List<HeldCertificate> authorities = new CopyOnWriteArrayList<>();
    private final Map<String, HeldCertificate> byName = new ConcurrentHashMap<>();
    /** The responder certificate that signs an authority's OCSP responses in its stead, by the authority. */
    private final Map<HeldCertificate, HeldCertificate> delegates = new ConcurrentHashMap<>();
    private final Map<BigInteger, X500Principal> onCrl = new ConcurrentHashMap<>();
    private final Set<BigInteger> onOcsp = ConcurrentHashMap.newKeySet();
    private final Map<BigInteger, Instant> revokedAt = new ConcurrentHashMap<>();

    /** Answers for the certificates {@code ca} issues; its CRL is {@link #crl(String, Instant) crl(name)}. */
    public void addAuthority(String name, HeldCertificate ca) {
        authorities.add(ca);
        byName.put(name, ca);
    }

    /**
     * Has {@code responder} (a certificate the authority added as {@code name} issued, with the extended key usage
     * OCSPSigning) sign that authority's OCSP responses, which then carry it; CRLs stay signed by the authority.
     */
    public void delegateOcsp(String name, HeldCertificate responder) {
        HeldCertificate ca = byName.get(name);
        if (ca == null) {
            throw new IllegalArgumentException("name: " + name + " (expected: an authority added, one of "
                    + byName.keySet() + ")");
        }
        delegates.put(ca, responder);
    }

    /** The DER CRL of the authority added as {@code name}, issued at {@code now}; null when there is none. */
    public byte[] crl(String name, Instant now) {
        HeldCertificate ca = byName.get(name);
        return ca == null ? null : crl(ca, now);
    }

    /** Lists {@code certificate} on its issuer's CRL, revoked an hour ago. */
    public void revokeOnCrl(X509Certificate certificate) {
        onCrl.put(certificate.getSerialNumber(), certificate.getIssuerX500Principal());
        revokedAt.putIfAbsent(certificate.getSerialNumber(), Instant.now().minus(Duration.ofHours(1)));
    }

    /** Makes OCSP answer "revoked" for {@code certificate}, revoked an hour ago. */
    public void revokeOnOcsp(X509Certificate certificate) {
        onOcsp.add(certificate.getSerialNumber());
        revokedAt.putIfAbsent(certificate.getSerialNumber(), Instant.now().minus(Duration.ofHours(1)));
    }

    private byte[] crl(HeldCertificate ca, Instant now) {
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(ca.certificate().getSubjectX500Principal(),
                    Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(VALIDITY)));
            for (Map.Entry<BigInteger, X500Principal> e : onCrl.entrySet()) {
                BigInteger serial = e.getKey();
                if (e.getValue().equals(ca.certificate().getSubjectX500Principal())) {
                    builder.addCRLEntry(serial, Date.from(revokedAt.get(serial)), CRLReason.keyCompromise);
                }
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.getEpochSecond())));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            return builder.build(signer(ca)).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the CRL of " + Validity.subject(ca.certificate()) + ": "
                    + Messages.of(e), e);
        }
    }

    /**
     * The DER OCSP response to a DER OCSP request: each certificate asked about is good or revoked, signed by
     * its issuer; "malformedRequest" for bytes that are no request, "unauthorized" for another CA's certificates.
     */
    public byte[] ocsp(byte[] request, Instant now) {
        OCSPReq req;
        try {
            req = new OCSPReq(request);
        } catch (IOException | RuntimeException e) {
            return status(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        Req[] asked = req.getRequestList();
        HeldCertificate ca = asked.length == 0 ? null : authorityOf(asked[0].getCertID());
        if (ca == null) {
            return status(OCSPRespBuilder.UNAUTHORIZED);
        }
        try {
            BasicOCSPRespBuilder builder = responder(ca);
            for (Req r : asked) {
                CertificateID id = r.getCertID();
                CertificateStatus status = ca == authorityOf(id) ? status(id.getSerialNumber())
                        : new UnknownStatus();
                builder.addResponse(id, status, Date.from(now), Date.from(now.plus(VALIDITY)), null);
            }
            Extension nonce = req.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
            if (nonce != null) {
                builder.setResponseExtensions(new Extensions(nonce));
            }
            return sign(builder, ca, now);
        } catch (OCSPException e) {
            throw new IllegalStateException("cannot answer an OCSP request: " + Messages.of(e), e);
        }
    }

    /**
     * A DER OCSP response for {@code certificate} alone, valid from {@code thisUpdate} to {@code nextUpdate} (which
     * may lie in the past), with the status OCSP gives it: what a server staples.
     */
    public byte[] ocspResponse(X509Certificate certificate, Instant thisUpdate, Instant nextUpdate) {
        HeldCertificate ca = authorities.stream().filter(a -> a.certificate().getSubjectX500Principal()
                .equals(certificate.getIssuerX500Principal())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("certificate: " + Validity.subject(certificate)
                        + " (expected: one issued by an authority added)"));
        try {
            CertificateID id = new CertificateID(digests().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(ca.certificate()), certificate.getSerialNumber());
            BasicOCSPRespBuilder builder = responder(ca);
            builder.addResponse(id, status(certificate.getSerialNumber()), Date.from(thisUpdate),
                    Date.from(nextUpdate), null);
            return sign(builder, ca, thisUpdate);
        } catch (OCSPException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build an OCSP response for " + Validity.subject(certificate)
                    + ": " + Messages.of(e), e);
        }
    }

    private CertificateStatus status(BigInteger serial) {
        if (onOcsp.contains(serial)) {
            return new RevokedStatus(Date.from(revokedAt.get(serial)), CRLReason.keyCompromise);
        }
        return CertificateStatus.GOOD;
    }

    private HeldCertificate authorityOf(CertificateID id) {
        for (HeldCertificate ca : authorities) {
            try {
                if (id.matchesIssuer(new JcaX509CertificateHolder(ca.certificate()), digests())) {
                    return ca;
                }
            } catch (OCSPException | GeneralSecurityException | OperatorCreationException e) {
                return null;
            }
        }
        return null;
    }

    /** The certificate that signs {@code ca}'s OCSP responses: its delegated responder, else itself. */
    private HeldCertificate ocspSigner(HeldCertificate ca) {
        return delegates.getOrDefault(ca, ca);
    }

    private BasicOCSPRespBuilder responder(HeldCertificate ca) throws OCSPException {
        try {
            return new JcaBasicOCSPRespBuilder(ocspSigner(ca).certificate().getPublicKey(),
                    digests().get(CertificateID.HASH_SHA1));
        } catch (OperatorCreationException e) {
            throw new OCSPException("no SHA-1 digest: " + Messages.of(e), e);
        }
    }

    private byte[] sign(BasicOCSPRespBuilder builder, HeldCertificate ca, Instant producedAt) throws OCSPException {
        HeldCertificate signer = ocspSigner(ca);
        try {
            X509CertificateHolder[] chain = {new JcaX509CertificateHolder(signer.certificate())};
            return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL,
                    builder.build(signer(signer), chain, Date.from(producedAt))).getEncoded();
        } catch (GeneralSecurityException | IOException e) {
            throw new OCSPException("cannot sign: " + Messages.of(e), e);
        }
    }

    private static byte[] status(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new IllegalStateException("cannot encode an OCSP status: " + Messages.of(e), e);
        }
    }

    private static ContentSigner signer(HeldCertificate ca) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder(Keys.signatureAlgorithm(ca.privateKey())).build(ca.privateKey());
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(Messages.of(e), e);
        }
    }

    private static DigestCalculatorProvider digests() throws OperatorCreationException {
        return new JcaDigestCalculatorProviderBuilder().build();
    }
}
