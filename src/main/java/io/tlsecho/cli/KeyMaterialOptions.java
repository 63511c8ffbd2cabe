package io.tlsecho.cli;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
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

    /** Loads what was named; the key is checked against the certificate, and the dates against now. */
    HeldCertificate load() {
        try {
            HeldCertificate pair;
            if (keystore != null) {
                if (cert != null || key != null) {
                    throw new UserException(ExitCode.USAGE, "give --keystore or --cert/--key, not both");
                }
                pair = HeldCertificate.loadKeyStore(keystore,
                        Passwords.of(keystorePassword, keystorePasswordFile, "--keystore-password-file"), null);
            } else {
                if (cert == null || key == null) {
                    throw new UserException(ExitCode.USAGE, cert == null
                            ? "--key needs --cert (the certificate that goes with it)"
                            : "--cert needs --key (the private key that goes with it)");
                }
                pair = HeldCertificate.load(cert, key, Passwords.of(keyPassword, keyPasswordFile, "--key-password-file"));
            }
            return checked(pair);
        } catch (PkiException e) {
            throw UserException.of(e);
        }
    }

    HeldCertificate checked(HeldCertificate pair) throws PkiException {
        try {
            pair.checkValidity(Instant.now());
        } catch (PkiException e) {
            if (!allowExpired) {
                throw new PkiException(e.kind(), e.getMessage() + " (--allow-expired starts anyway)", e);
            }
        }
        return pair;
    }
}
