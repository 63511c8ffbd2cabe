package io.tlsecho.tls;

import io.tlsecho.log.Messages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** Whether a certificate is on the CRL at one distribution point, the CRL signed by its issuer and current. */
final class CrlCheck {

    /** How far the clocks of the CA and of this machine may differ. */
    static final Duration SKEW = Duration.ofMinutes(5);

    private CrlCheck() {
    }

    /** Fetches the CRL at {@code url} and looks {@code certificate} up in it. */
    static RevocationStatus check(String url, X509Certificate certificate, X509Certificate issuer, Instant now,
                                  RevocationFetch fetch) {
        String source = "CRL " + url;
        X509CRL crl;
        try {
            crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(fetch.get(url)));
        } catch (IOException e) {
            return RevocationStatus.unavailable(source, Messages.of(e));
        } catch (GeneralSecurityException | RuntimeException e) {
            return RevocationStatus.unavailable(source, "not a CRL: " + Messages.of(e));
        }
        if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return RevocationStatus.unavailable(source, "issued by " + crl.getIssuerX500Principal().getName()
                    + ", not by " + issuer.getSubjectX500Principal().getName());
        }
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            return RevocationStatus.unavailable(source, "its signature is not "
                    + issuer.getSubjectX500Principal().getName() + "'s");
        }
        if (crl.getThisUpdate().toInstant().isAfter(now.plus(SKEW))) {
            return RevocationStatus.unavailable(source, "issued in the future (thisUpdate " + crl.getThisUpdate().toInstant() + ")");
        }
        if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now.minus(SKEW))) {
            return RevocationStatus.unavailable(source, "out of date since " + crl.getNextUpdate().toInstant()
                    + " (nextUpdate)");
        }
        X509CRLEntry entry = crl.getRevokedCertificate(certificate.getSerialNumber());
        if (entry == null) {
            return RevocationStatus.good(source);
        }
        return RevocationStatus.revoked(source, entry.getRevocationDate().toInstant(), entry.getRevocationReason());
    }
}
