package io.tlsecho.tls;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;

/**
 * The certificate rules of OpenSSL's security level 2 that the JDK's checker does not apply to
 * chains under a private root: RSA and DSA keys of at least 2048 bits, no SHA-1 signatures.
 */
final class SecurityLevel {

    static final int MIN_RSA_DSA_BITS = 2048;

    private SecurityLevel() {
    }

    /**
     * What is too weak in {@code chain} (as the peer sent it), worded for the user, or null. A
     * self-signed certificate's own signature is not checked: it vouches for nothing.
     */
    static String weakness(X509Certificate[] chain, String peer) {
        for (int i = 0; i < chain.length; i++) {
            X509Certificate c = chain[i];
            String which = i == 0 ? "the " + peer + "'s certificate " : "the " + peer + "'s chain certificate ";
            String subject = c.getSubjectX500Principal().getName();
            int bits = bits(c.getPublicKey());
            if (bits > 0 && bits < MIN_RSA_DSA_BITS) {
                return which + subject + " has a " + bits + "-bit " + c.getPublicKey().getAlgorithm()
                        + " key: too weak, RSA and DSA keys need at least " + MIN_RSA_DSA_BITS
                        + " bits (as at OpenSSL's security level 2)";
            }
            boolean selfSigned = c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
            String algorithm = c.getSigAlgName().toUpperCase(Locale.ROOT);
            if (!selfSigned && (algorithm.startsWith("SHA1") || algorithm.startsWith("SHA-1"))) {
                return which + subject + " is signed with SHA-1 (" + c.getSigAlgName()
                        + "): too weak, SHA-1 certificate signatures are refused (as at OpenSSL's security level 2)";
            }
        }
        return null;
    }

    /** The size of an RSA or DSA key, 0 for other algorithms. */
    private static int bits(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return dsa.getParams().getP().bitLength();
        }
        return 0;
    }
}
