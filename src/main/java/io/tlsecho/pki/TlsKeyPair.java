package io.tlsecho.pki;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/** A private key with its certificate chain (leaf first), checked to belong together. */
public final class TlsKeyPair {

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;

    private TlsKeyPair(PrivateKey privateKey, List<X509Certificate> chain) {
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
    }

    /**
     * Loads a certificate chain (leaf first) and a private key from PEM files.
     *
     * @param password the key's password, or null for an unencrypted key
     * @throws PkiException KEY_MISMATCH if the key does not belong to the first certificate
     */
    public static TlsKeyPair ofPem(Path certChainFile, Path keyFile, char[] password) throws PkiException {
        List<X509Certificate> chain = Pem.readCertificates(certChainFile);
        PrivateKey key = Pem.readPrivateKey(keyFile, password);
        KeyMatch.check(key, chain.get(0), "key " + keyFile, "certificate " + certChainFile);
        return new TlsKeyPair(key, chain);
    }

    /**
     * Pairs a key with a chain (leaf first).
     *
     * @throws PkiException KEY_MISMATCH if the key does not belong to the first certificate
     */
    public static TlsKeyPair of(PrivateKey key, List<X509Certificate> chain) throws PkiException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: [] (expected: at least one certificate)");
        }
        X509Certificate leaf = chain.get(0);
        KeyMatch.check(key, leaf, "private key", "certificate " + subject(leaf));
        return new TlsKeyPair(key, chain);
    }

    /**
     * Loads a key entry from a PKCS#12 or JKS keystore (the format is detected from the content).
     * The key is recovered with the store password.
     *
     * @param alias the key entry to use, or null for the first key entry
     * @throws PkiException NO_KEY if there is no (such) key entry, BAD_PASSWORD if the password is wrong
     */
    public static TlsKeyPair ofKeyStore(Path file, char[] password, String alias) throws PkiException {
        KeyStore store = KeyStores.load(file, password);
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
            if (!(key instanceof PrivateKey)) {
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
            KeyMatch.check((PrivateKey) key, chain.get(0),
                    "key '" + chosen + "' in keystore " + file, "its certificate");
            return new TlsKeyPair((PrivateKey) key, chain);
        } catch (GeneralSecurityException e) {
            throw new PkiException(PkiException.Kind.MALFORMED, "cannot read keystore " + file + ": " + e.getMessage(), e);
        }
    }

    /** The private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate chain, leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The first certificate of the chain, the one the private key belongs to. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /**
     * Checks that every certificate of the chain is valid at {@code now}, leaf first.
     *
     * @throws PkiException EXPIRED or NOT_YET_VALID naming the first offending certificate and its date
     */
    public void checkValidity(Instant now) throws PkiException {
        for (X509Certificate certificate : chain) {
            checkValidity(certificate, now);
        }
    }

    static void checkValidity(X509Certificate certificate, Instant now) throws PkiException {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            long days = Duration.between(notAfter, now).toDays();
            throw new PkiException(PkiException.Kind.EXPIRED, "certificate " + subject(certificate) + " expired on "
                    + notAfter.truncatedTo(ChronoUnit.SECONDS) + " (" + days + (days == 1 ? " day" : " days") + " ago)");
        }
        if (now.isBefore(notBefore)) {
            long days = Duration.between(now, notBefore).toDays();
            throw new PkiException(PkiException.Kind.NOT_YET_VALID, "certificate " + subject(certificate)
                    + " is not valid until " + notBefore.truncatedTo(ChronoUnit.SECONDS)
                    + " (in " + days + (days == 1 ? " day" : " days") + ")");
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }
}
