package io.tlsecho.pki;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECParameterSpec;

/**
 * Names the common public keys ("EC P-256", "RSA 2048", "Ed25519") with the JDK alone, so that
 * describing a peer's certificate does not load BouncyCastle; {@link Keys} handles the rest.
 */
final class KeyNames {

    private KeyNames() {
    }

    static String describe(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        if (key instanceof EdECKey ed) {
            return ed.getParams().getName();
        }
        if (key instanceof ECKey ec && ec.getParams() != null) {
            String nist = nistName(ec.getParams());
            if (nist != null) {
                return "EC " + nist;
            }
        }
        return Keys.describe(key);
    }

    /** "P-256" for the JDK's secp256r1 ("secp256r1 [NIST P-256, X9.62 prime256v1] (1.2.840.10045.3.1.7)"). */
    private static String nistName(ECParameterSpec params) {
        String s = params.toString();
        int at = s.indexOf("NIST ");
        if (at < 0) {
            return null;
        }
        int end = at + 5;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '-')) {
            end++;
        }
        return s.substring(at + 5, end);
    }
}
