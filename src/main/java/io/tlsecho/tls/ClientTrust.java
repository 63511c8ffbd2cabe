package io.tlsecho.tls;

import io.netty.util.NetUtil;
import io.tlsecho.pki.PkiException;
import io.tlsecho.pki.TrustMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whom a client trusts: the certificates (or the system's trust store), where they came from, and
 * whether the server's certificate must name the host.
 *
 * @param certificates the certificates to trust, or null for the system's trust store
 * @param source where they came from, for messages ({@code "ca.crt"}, {@code "the system trust store"})
 * @param verifyHostname whether the server's certificate must name the host (the chain is checked either way)
 * @param revocation whether and how the server's certificates are checked for revocation
 */
public record ClientTrust(List<X509Certificate> certificates, String source, boolean verifyHostname,
                          RevocationPolicy revocation) {

    /** How the system's trust store is named in messages. */
    public static final String SYSTEM = "the system trust store";

    public ClientTrust {
        certificates = certificates == null ? null : List.copyOf(certificates);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(revocation, "revocation");
        if (certificates != null && certificates.isEmpty()) {
            throw new IllegalArgumentException("certificates: [] from " + source + " (expected: at least one)");
        }
    }

    /** {@code certificates} from {@code source}, without revocation checking. */
    public ClientTrust(List<X509Certificate> certificates, String source, boolean verifyHostname) {
        this(certificates, source, verifyHostname, RevocationPolicy.off());
    }

    /** The system's trust store, with the hostname checked. */
    public static ClientTrust system() {
        return new ClientTrust(null, SYSTEM, true);
    }

    /** Only {@code certificates}, which came from {@code source}; the hostname is checked. */
    public static ClientTrust of(List<X509Certificate> certificates, String source) {
        return new ClientTrust(certificates, source, true);
    }

    /** The certificates of {@code file} (PEM, DER, PKCS#12 or JKS; {@code password} for a keystore, or null). */
    public static ClientTrust read(Path file, char[] password) throws PkiException {
        return of(TrustMaterial.read(file, password), file.toString());
    }

    /**
     * The default trust for a client of {@code host}: {@code localCertificate} (the {@code ./tlsecho.crt} a local
     * server writes), when it exists, for a host that is this machine (localhost, 127.0.0.0/8, ::1); the system's
     * trust store for any other host. A file in the current directory never decides whom to trust elsewhere, where
     * whoever controls the directory could otherwise vouch for any host.
     */
    public static ClientTrust defaultFor(String host, Path localCertificate) throws PkiException {
        if (!Files.exists(localCertificate)) {
            return system();
        }
        if (isLoopback(host)) {
            return of(TrustMaterial.read(localCertificate, null), localCertificate + " (trusted for this machine only)");
        }
        return new ClientTrust(null, SYSTEM + " (" + localCertificate + " is trusted for this machine only, not for "
                + host + ")", true);
    }

    /** Whether {@code host} names this machine: {@code localhost}, 127.0.0.0/8 or ::1. */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (NetUtil.isValidIpV4Address(h)) {
            return h.startsWith("127.");
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(h);
        return ip != null && ip.length == 16 && isIpv6Loopback(ip);
    }

    private static boolean isIpv6Loopback(byte[] ip) {
        for (int i = 0; i < 15; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[15] == 1;
    }

    /** Whether this trusts the system's trust store rather than certificates of its own. */
    public boolean usesSystemStore() {
        return certificates == null;
    }

    /** This trust, with the hostname checked or not. */
    public ClientTrust verifyHostname(boolean verify) {
        return new ClientTrust(certificates, source, verify, revocation);
    }

    /** This trust, with revocation checked as {@code policy} says. */
    public ClientTrust withRevocation(RevocationPolicy policy) {
        return new ClientTrust(certificates, source, verifyHostname, policy);
    }

    /** The trusted certificates: those given, or the system trust store's. */
    public List<X509Certificate> anchors() {
        return certificates != null ? certificates : List.of(trustManager().getAcceptedIssuers());
    }

    /** The check of the server's chain {@link #revocation()} asks for, or null when it asks none. */
    public RevocationChecker revocationChecker() {
        return revocation.enabled() ? new RevocationChecker(revocation, anchors()) : null;
    }

    /** A trust manager for these certificates whose refusals say who issued what, and {@link #source()}. */
    ExplainingTrustManager trustManager() {
        return ExplainingTrustManager.of(certificates, "server", source);
    }
}
