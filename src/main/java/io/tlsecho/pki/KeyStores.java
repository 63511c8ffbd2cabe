package io.tlsecho.pki;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateException;

/** Opens PKCS#12 and JKS keystores, telling the formats apart by content. */
final class KeyStores {

    private KeyStores() {}

    /** Loads the keystore at {@code file}; {@code password} may be null. */
    static KeyStore load(Path file, char[] password) throws PkiException {
        PkiFiles.read(file, "keystore"); // reports a missing or unreadable file in our words
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (KeyStoreException e) {
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "keystore " + file + " is not a PKCS#12 or JKS keystore", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw badPassword(file, password, e);
            }
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "cannot read keystore " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException | CertificateException | RuntimeException e) {
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "cannot read keystore " + file + ": " + e.getMessage(), e);
        }
    }

    static PkiException badPassword(Path file, char[] password, Exception cause) {
        String message = password == null
                ? "keystore " + file + " is password-protected; give its password"
                : "wrong password for keystore " + file;
        return new PkiException(PkiException.Kind.BAD_PASSWORD, message, cause);
    }
}
