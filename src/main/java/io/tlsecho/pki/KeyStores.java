package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Opens PKCS#12 and JKS keystores, telling the formats apart by content. */
final class KeyStores {

    private KeyStores() {}

    /** A private key entry of a keystore: the key, its chain (leaf first) and the entry's alias. */
    record KeyEntry(String alias, PrivateKey key, List<X509Certificate> chain) {}

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
                    "cannot read keystore " + file + ": " + Messages.of(e), e);
        } catch (NoSuchAlgorithmException | CertificateException | RuntimeException e) {
            throw new PkiException(PkiException.Kind.MALFORMED,
                    "cannot read keystore " + file + ": " + Messages.of(e), e);
        }
    }

    /**
     * Reads the key entry {@code alias} (null: the first key entry) of the keystore at {@code file}; the key is
     * recovered with the store password.
     *
     * @throws PkiException NO_KEY if there is no (such) key entry, BAD_PASSWORD if the password is wrong
     */
    static KeyEntry readKeyEntry(Path file, char[] password, String alias) throws PkiException {
        KeyStore store = load(file, password);
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String a : Collections.list(store.aliases())) {
                if (store.isKeyEntry(a)) {
                    keyAliases.add(a);
                }
            }
            if (keyAliases.isEmpty()) {
                throw new PkiException(PkiException.Kind.NO_KEY, "keystore " + file + " holds no private key");
            }
            String chosen = alias != null ? alias : keyAliases.get(0);
            if (!keyAliases.contains(chosen)) {
                throw new PkiException(PkiException.Kind.NO_KEY, "keystore " + file + " has no key entry named '"
                        + alias + "' (key entries: " + String.join(", ", keyAliases) + ")");
            }
            Key key;
            try {
                key = store.getKey(chosen, password == null ? new char[0] : password);
            } catch (UnrecoverableKeyException e) {
                throw new PkiException(PkiException.Kind.BAD_PASSWORD, "cannot recover key '" + chosen
                        + "' in keystore " + file + ": its password differs from the keystore password", e);
            }
            if (!(key instanceof PrivateKey privateKey)) {
                throw new PkiException(PkiException.Kind.NO_KEY,
                        "keystore " + file + ": entry '" + chosen + "' is a secret key, not a private key");
            }
            Certificate[] certificates = store.getCertificateChain(chosen);
            if (certificates == null || certificates.length == 0) {
                throw new PkiException(PkiException.Kind.MALFORMED,
                        "keystore " + file + ": key entry '" + chosen + "' has no certificate");
            }
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : certificates) {
                chain.add((X509Certificate) c);
            }
            return new KeyEntry(chosen, privateKey, chain);
        } catch (GeneralSecurityException e) {
            throw new PkiException(PkiException.Kind.MALFORMED, "cannot read keystore " + file + ": " + Messages.of(e), e);
        }
    }

    static PkiException badPassword(Path file, char[] password, Exception cause) {
        String message = password == null
                ? "keystore " + file + " is password-protected; give its password"
                : "wrong password for keystore " + file;
        return new PkiException(PkiException.Kind.BAD_PASSWORD, message, cause);
    }
}
