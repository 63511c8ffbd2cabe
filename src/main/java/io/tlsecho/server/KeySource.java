package io.tlsecho.server;

import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.LocalDefaults;
import io.tlsecho.pki.PkiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a server's certificate and key come from: held in memory, or files read at start and again on each reload
 * (PEM files, a keystore, or the default pair ./tlsecho.crt and ./tlsecho.key, made at start when absent).
 * Files are checked each time they are read: the key against the certificate, and, unless expired ones are allowed,
 * the chain's dates against the clock.
 */
public final class KeySource {

    private static final Logger MAIN = LoggerFactory.getLogger("main");

    private final HeldCertificate held;
    private final Path certificateFile;
    private final Path keyFile;
    private final Path keyStore;
    private final char[] password;
    private final String alias;
    private final boolean makeWhenAbsent;
    private final boolean allowExpired;

    private KeySource(HeldCertificate held, Path certificateFile, Path keyFile, Path keyStore, char[] password,
                      String alias, boolean makeWhenAbsent, boolean allowExpired) {
        this.held = held;
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.keyStore = keyStore;
        this.password = password == null ? null : password.clone();
        this.alias = alias;
        this.makeWhenAbsent = makeWhenAbsent;
        this.allowExpired = allowExpired;
    }

    /** A certificate held in memory: served as it is (dates unchecked), never reloaded. */
    public static KeySource of(HeldCertificate certificate) {
        return new KeySource(Objects.requireNonNull(certificate, "certificate"), null, null, null, null, null,
                false, false);
    }

    /**
     * A certificate chain (leaf first) and its key in PEM files.
     *
     * @param password the key's password, or null for an unencrypted key
     */
    public static KeySource pemFiles(Path certificateFile, Path keyFile, char[] password) {
        return new KeySource(null, Objects.requireNonNull(certificateFile, "certificateFile"),
                Objects.requireNonNull(keyFile, "keyFile"), null, password, null, false, false);
    }

    /**
     * A key entry of a PKCS#12 or JKS keystore.
     *
     * @param alias the entry, or null for the first key entry
     */
    public static KeySource keyStore(Path file, char[] password, String alias) {
        return new KeySource(null, null, null, Objects.requireNonNull(file, "file"), password, alias, false, false);
    }

    /** The default pair, {@link LocalDefaults#CERTIFICATE_FILE} and {@link LocalDefaults#KEY_FILE}, made when absent. */
    public static KeySource defaultFiles() {
        return madeWhenAbsent(LocalDefaults.CERTIFICATE_FILE, LocalDefaults.KEY_FILE);
    }

    /**
     * Unencrypted PEM files; when both are absent at start, a self-signed {@link LocalDefaults#localhostCertificate()} is written
     * there first. Files that vanish later are a failed reload, never a reason to make a new certificate.
     */
    public static KeySource madeWhenAbsent(Path certificateFile, Path keyFile) {
        return new KeySource(null, Objects.requireNonNull(certificateFile, "certificateFile"),
                Objects.requireNonNull(keyFile, "keyFile"), null, null, null, true, false);
    }

    /** This source, serving certificates outside their dates too (for testing clients); default: refused. */
    public KeySource allowExpired(boolean allowExpired) {
        return new KeySource(held, certificateFile, keyFile, keyStore, password, alias, makeWhenAbsent, allowExpired);
    }

    /** The files read, whose change calls for a reload; empty when held in memory. */
    public List<Path> files() {
        return Stream.of(certificateFile, keyFile, keyStore).filter(Objects::nonNull).toList();
    }

    /** At start, makes the default pair when both its files are absent; otherwise does nothing. */
    void makeIfAbsent() throws PkiException {
        if (makeWhenAbsent && !Files.exists(certificateFile) && !Files.exists(keyFile)) {
            LocalDefaults.localhostCertificate().writeTo(certificateFile, keyFile, false);
            MAIN.info("generated {} and {} (EC P-256, {})", certificateFile.toAbsolutePath(),
                    keyFile.toAbsolutePath(), String.join(", ", LocalDefaults.LOCALHOST_NAMES));
        }
    }

    /** Reads the certificate and key at start; the default pair is made first when absent. */
    HeldCertificate loadAtStart() throws PkiException {
        makeIfAbsent();
        HeldCertificate loaded = load();
        if (makeWhenAbsent) {
            MAIN.info("using certificate {} (SHA-256 {})", certificateFile.toAbsolutePath(),
                    CertificateInfo.sha256Fingerprint(loaded.certificate()));
        }
        return loaded;
    }

    /** Reads the certificate and key (again); never makes one. */
    HeldCertificate load() throws PkiException {
        if (held != null) {
            return held;
        }
        HeldCertificate loaded = keyStore != null
                ? HeldCertificate.loadKeyStore(keyStore, password, alias)
                : HeldCertificate.load(certificateFile, keyFile, password);
        if (!allowExpired) {
            loaded.checkValidity(Instant.now());
        }
        return loaded;
    }

    @Override
    public String toString() {
        if (held != null) {
            return "KeySource(" + held + ")";
        }
        return "KeySource(" + files() + (allowExpired ? ", expired allowed" : "") + ")";
    }
}
