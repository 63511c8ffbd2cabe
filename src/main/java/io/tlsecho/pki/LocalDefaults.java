package io.tlsecho.pki;

import java.nio.file.Path;
import java.util.List;

/**
 * What tlsecho uses when told nothing: the key pair files in the current directory, and a self-signed certificate
 * for this machine's loopback names — the server makes the pair, the client trusts the certificate, {@code cert}
 * and {@code demo} make the same kind.
 */
public final class LocalDefaults {

    /** The default certificate file, {@code ./tlsecho.crt}. */
    public static final Path CERTIFICATE_FILE = Path.of("tlsecho.crt");
    /** The default key file, {@code ./tlsecho.key}. */
    public static final Path KEY_FILE = Path.of("tlsecho.key");
    /** The subject alternative names of a certificate for this machine: {@code localhost}, {@code 127.0.0.1}, {@code ::1}. */
    public static final List<String> LOCALHOST_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private LocalDefaults() {
    }

    /** A fresh self-signed EC P-256 certificate, CN=localhost, for {@link #LOCALHOST_NAMES}. */
    public static HeldCertificate localhostCertificate() {
        HeldCertificate.Builder b = HeldCertificate.builder().commonName("localhost");
        LOCALHOST_NAMES.forEach(b::addSubjectAlternativeName);
        return b.build();
    }
}
