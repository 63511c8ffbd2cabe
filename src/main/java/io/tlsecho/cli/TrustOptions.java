package io.tlsecho.cli;

import io.tlsecho.pki.LocalDefaults;
import io.tlsecho.pki.PkiException;
import io.tlsecho.pki.TrustMaterial;
import io.tlsecho.tls.ClientTrust;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a client trusts the server: {@code --cafile} (default ./tlsecho.crt for a server on this machine, else the
 * system's trust store) and the hostname check.
 */
public final class TrustOptions {

    @Option(names = "--cafile", paramLabel = "FILE",
            description = "Trust these certificates (PEM, DER, PKCS#12 or JKS); default ./tlsecho.crt when present and "
                    + "the host is this machine (localhost, 127.0.0.0/8, ::1), else the system's trust store.")
    Path cafile;

    @Option(names = "--cafile-password", paramLabel = "PASSWORD", description = "Password of a --cafile keystore.")
    String cafilePassword;

    @Option(names = "--no-verify-hostname", description = "Do not check that the certificate names the host (the chain is still verified).")
    boolean noVerifyHostname;

    /** Whom a client of {@code host} trusts. */
    ClientTrust trust(String host) {
        try {
            ClientTrust trust = cafile != null
                    ? ClientTrust.of(TrustMaterial.read(cafile, cafilePassword == null ? null : cafilePassword.toCharArray()),
                            "--cafile " + cafile)
                    : ClientTrust.defaultFor(host, LocalDefaults.CERTIFICATE_FILE);
            return trust.verifyHostname(!noVerifyHostname);
        } catch (PkiException e) {
            throw UserException.of(e);
        }
    }
}
