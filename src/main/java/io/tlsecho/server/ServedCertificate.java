package io.tlsecho.server;

import io.tlsecho.pki.HeldCertificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A certificate the server presents: to clients asking for {@code sni} by SNI, or by default
 * ({@code sni} = {@value #DEFAULT_SNI}); its leaf's subject and expiry.
 */
public record ServedCertificate(String sni, String subject, Instant notAfter) {

    /** The {@code sni} of the certificate presented when no SNI name matches. */
    public static final String DEFAULT_SNI = "default";

    /** Whether it has expired at {@code now}. */
    public boolean expiredAt(Instant now) {
        return now.isAfter(notAfter);
    }

    static ServedCertificate of(String sni, X509Certificate leaf) {
        return new ServedCertificate(sni, leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
    }

    /** The default certificate first, then one per SNI name. */
    static List<ServedCertificate> of(HeldCertificate certificate, Map<String, HeldCertificate> sni) {
        List<ServedCertificate> certs = new ArrayList<>();
        certs.add(of(DEFAULT_SNI, certificate.certificate()));
        sni.forEach((name, held) -> certs.add(of(name, held.certificate())));
        return List.copyOf(certs);
    }
}
