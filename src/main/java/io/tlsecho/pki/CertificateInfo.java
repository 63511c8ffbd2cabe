package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * A description of a certificate for display and JSON output.
 *
 * @param subject the subject DN in RFC 2253 form
 * @param issuer the issuer DN in RFC 2253 form
 * @param subjectAlternativeNames SANs as e.g. "DNS:localhost", "IP:127.0.0.1", "IP:::1"
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256Fingerprint SHA-256 of the DER encoding, uppercase hex, colon separated
 * @param keyDescription the public key, e.g. "EC P-256", "RSA 2048", "Ed25519"
 * @param selfSigned whether the issuer equals the subject and the certificate verifies with its own key
 */
public record CertificateInfo(
        String subject,
        String issuer,
        List<String> subjectAlternativeNames,
        Instant notBefore,
        Instant notAfter,
        String sha256Fingerprint,
        String keyDescription,
        boolean selfSigned) {

    public CertificateInfo {
        subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
    }

    /** Describes {@code certificate}. */
    public static CertificateInfo of(X509Certificate certificate) {
        return new CertificateInfo(
                certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
                certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
                subjectAlternativeNames(certificate),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                sha256Fingerprint(certificate),
                KeyNames.describe(certificate.getPublicKey()),
                isSelfSigned(certificate));
    }

    /** The SHA-256 fingerprint of the certificate's DER encoding, e.g. "AB:01:...". */
    public static String sha256Fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            StringBuilder sb = new StringBuilder(digest.length * 3);
            for (byte b : digest) {
                if (sb.length() > 0) {
                    sb.append(':');
                }
                sb.append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    private static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> subjectAlternativeNames(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of("(unparsable subjectAltName: " + Messages.of(e) + ")");
        }
        List<String> result = new ArrayList<>();
        if (names == null) {
            return result;
        }
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            Object value = name.get(1);
            switch (type) {
                case 1 -> result.add("email:" + value);
                case 2 -> result.add("DNS:" + value);
                case 4 -> result.add("DirName:" + value);
                case 6 -> result.add("URI:" + value);
                case 7 -> result.add("IP:" + formatIp(String.valueOf(value)));
                case 8 -> result.add("RID:" + value);
                default -> result.add("othername:<unsupported>");
            }
        }
        return result;
    }

    /** Formats an IP literal, compressing IPv6 as in RFC 5952 (e.g. "::1"). */
    static String formatIp(String literal) {
        if (literal.indexOf(':') < 0) {
            return literal;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(literal).getAddress(); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            return literal;
        }
        if (bytes.length != 16) {
            return literal;
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // only runs of two or more zero groups are compressed
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
