package io.tlsecho.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.security.auth.x500.X500Principal;

/** Checks a certificate's dates and words the failure for the user. */
final class Validity {

    private Validity() {}

    /** Throws EXPIRED or NOT_YET_VALID naming the certificate and the date it is past or before. */
    static void check(X509Certificate certificate, Instant now) throws PkiException {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            throw new PkiException(PkiException.Kind.EXPIRED, "certificate " + subject(certificate) + " expired on "
                    + notAfter.truncatedTo(ChronoUnit.SECONDS) + " (" + days(Duration.between(notAfter, now)) + " ago)");
        }
        if (now.isBefore(notBefore)) {
            throw new PkiException(PkiException.Kind.NOT_YET_VALID, "certificate " + subject(certificate)
                    + " is not valid until " + notBefore.truncatedTo(ChronoUnit.SECONDS)
                    + " (in " + days(Duration.between(now, notBefore)) + ")");
        }
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    private static String days(Duration d) {
        long days = d.toDays();
        return days + (days == 1 ? " day" : " days");
    }
}
