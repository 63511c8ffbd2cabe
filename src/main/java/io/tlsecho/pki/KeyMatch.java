package io.tlsecho.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** Checks that a private key belongs to a certificate and words the failure for the user. */
final class KeyMatch {

    private KeyMatch() {}

    /**
     * Throws KEY_MISMATCH unless {@code key} matches {@code certificate}'s public key; {@code keyName}
     * and {@code certificateName} name the two in the message, e.g. "key /a.key", "certificate /a.crt".
     */
    static void check(PrivateKey key, X509Certificate certificate, String keyName, String certificateName)
            throws PkiException {
        if (!Keys.matches(key, certificate.getPublicKey())) {
            throw new PkiException(PkiException.Kind.KEY_MISMATCH, keyName + " does not match " + certificateName
                    + " (certificate key: " + Keys.describe(certificate.getPublicKey())
                    + ", SHA-256 fingerprint " + CertificateInfo.sha256Fingerprint(certificate)
                    + "; private key: " + Keys.describe(key) + ")");
        }
    }
}
