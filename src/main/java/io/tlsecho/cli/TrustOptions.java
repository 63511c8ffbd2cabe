package io.tlsecho.cli;

import io.tlsecho.pki.PkiException;
import io.tlsecho.pki.TrustMaterial;
import io.tlsecho.server.KeySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine.Option;

/** How a client trusts the server: {@code --cafile} (default ./tlsecho.crt when present) and the hostname check. */
public final class TrustOptions {

    /** The certificates to trust (null: the system's) and where they came from, for messages. */
    record Trust(List<X509Certificate> certificates, String source) {
    }

    @Option(names = "--cafile", paramLabel = "FILE",
            description = "Trust these certificates (PEM, DER, PKCS#12 or JKS); default ./tlsecho.crt when present, else the system's trust store.")
    Path cafile;

    @Option(names = "--cafile-password", paramLabel = "PASSWORD", description = "Password of a --cafile keystore.")
    String cafilePassword;

    @Option(names = "--no-verify-hostname", description = "Do not check that the certificate names the host (the chain is still verified).")
    boolean noVerifyHostname;

    Trust load() {
        try {
            if (cafile != null) {
                return new Trust(TrustMaterial.read(cafile, cafilePassword == null ? null : cafilePassword.toCharArray()),
                        "--cafile " + cafile);
            }
            if (Files.exists(KeySource.DEFAULT_CERTIFICATE)) {
                return new Trust(TrustMaterial.read(KeySource.DEFAULT_CERTIFICATE, null),
                        "./" + KeySource.DEFAULT_CERTIFICATE + " (the default --cafile)");
            }
            return new Trust(null, "the system trust store");
        } catch (PkiException e) {
            throw UserException.of(e);
        }
    }

    boolean verifyHostname() {
        return !noVerifyHostname;
    }
}
