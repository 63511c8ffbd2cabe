package io.tlsecho.cli;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import io.tlsecho.server.KeySource;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --cert/--key} (PEM) or {@code --keystore} (PKCS#12, JKS): a certificate chain and its key. */
public final class KeyMaterialOptions {

    @Option(names = "--cert", paramLabel = "FILE", description = "Certificate chain, PEM (leaf first).")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Private key, PEM: PKCS#8, PKCS#1, SEC1 or encrypted.")
    Path key;

    @Option(names = "--key-password", paramLabel = "PASSWORD", description = "Password of an encrypted key.")
    String keyPassword;

    @Option(names = "--key-password-file", paramLabel = "FILE", description = "File whose first line is the key's password.")
    Path keyPasswordFile;

    @Option(names = "--keystore", paramLabel = "FILE", description = "PKCS#12 or JKS keystore holding the key and chain.")
    Path keystore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", description = "Password of the keystore.")
    String keystorePassword;

    @Option(names = "--keystore-password-file", paramLabel = "FILE", description = "File whose first line is the keystore's password.")
    Path keystorePasswordFile;

    @Option(names = "--allow-expired", description = "Start even when our own certificate is expired or not yet valid (testing only).")
    boolean allowExpired;

    /** Whether any key material was named. */
    boolean given() {
        return cert != null || key != null || keystore != null;
    }

    /** Where what was named is read from (by the server, at start and on each reload); passwords are read now. */
    KeySource keySource() {
        requireOneKind();
        KeySource source = keystore != null
                ? KeySource.keyStore(keystore, keystorePassword(), null)
                : KeySource.pemFiles(cert, key, keyPassword());
        return source.allowExpired(allowExpired);
    }

    /** Loads what was named; the key is checked against the certificate, and the dates against now. */
    HeldCertificate load() {
        requireOneKind();
        try {
            HeldCertificate held = keystore != null
                    ? HeldCertificate.loadKeyStore(keystore, keystorePassword(), null)
                    : HeldCertificate.load(cert, key, keyPassword());
            if (!allowExpired) {
                held.checkValidity(Instant.now());
            }
            return held;
        } catch (PkiException e) {
            throw UserException.of(e, PASSWORD_OPTIONS);
        }
    }

    private void requireOneKind() {
        if (keystore != null && (cert != null || key != null)) {
            throw new UserException(ExitCode.USAGE, "give --keystore or --cert/--key, not both");
        }
        if (keystore == null && (cert == null || key == null)) {
            throw new UserException(ExitCode.USAGE, cert == null
                    ? "--key needs --cert (the certificate that goes with it)"
                    : "--cert needs --key (the private key that goes with it)");
        }
    }

    private char[] keystorePassword() {
        return Passwords.of(keystorePassword, keystorePasswordFile, "--keystore-password-file");
    }

    /** The options that give a password for what {@code --cert/--key} or {@code --keystore} name. */
    static final String PASSWORD_OPTIONS = "--key-password or --key-password-file for --key, --keystore-password or "
            + "--keystore-password-file for --keystore";

    /** The password of {@code --key} (also of the server's {@code --sni} keys), or null. */
    char[] keyPassword() {
        return Passwords.of(keyPassword, keyPasswordFile, "--key-password-file");
    }
}
