package io.tlsecho.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Protocol settings shared by server and client.
 *
 * @param provider the TLS engine
 * @param protocols the protocol versions allowed, as JDK names ({@code TLSv1.3}, {@code TLSv1.2})
 * @param ciphers TLS 1.2 cipher suites (OpenSSL or IANA names); empty means {@link #DEFAULT_CIPHERS}
 * @param alpn application protocols to offer or accept, in preference order; empty means no ALPN
 * @param groups key-exchange groups ({@code X25519}, {@code P-256}, ...); empty means the engine's defaults
 * @param keyLogFile where to append each connection's secrets in NSS key-log format ({@code SSLKEYLOGFILE}),
 *                   or null for nowhere; only the OpenSSL engine can (see {@link KeyLog})
 */
public record TlsOptions(TlsProvider provider, List<String> protocols, List<String> ciphers, List<String> alpn,
                         List<String> groups, Path keyLogFile) {

    /** The protocol versions tlsecho ever speaks: nothing older than TLS 1.2. */
    public static final Set<String> SUPPORTED_PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    /**
     * The TLS 1.2 cipher suites when none are given, on either engine: Mozilla's "intermediate" list
     * without DHE, that is ECDHE (forward secrecy) with AES-GCM or ChaCha20-Poly1305 only.
     */
    public static final List<String> DEFAULT_CIPHERS = List.of(
            "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
            "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305");

    /** The TLS 1.3 cipher suites, all of them: each is AEAD with forward secrecy. */
    public static final List<String> TLS13_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    public TlsOptions {
        Objects.requireNonNull(provider, "provider");
        protocols = List.copyOf(protocols);
        ciphers = List.copyOf(ciphers);
        alpn = List.copyOf(alpn);
        groups = List.copyOf(groups);
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("protocols: [] (expected: TLSv1.3 and/or TLSv1.2)");
        }
        for (String p : protocols) {
            if (!SUPPORTED_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("protocol: " + p + " (expected: TLSv1.3 or TLSv1.2)");
            }
        }
    }

    /** TLS 1.3 and 1.2 on the best engine available, default ciphers, no ALPN. */
    public static TlsOptions defaults() {
        return new TlsOptions(TlsProvider.auto(), List.of("TLSv1.3", "TLSv1.2"), List.of(), List.of(), List.of(), null);
    }

    public TlsOptions withProvider(TlsProvider provider) {
        return new TlsOptions(provider, protocols, ciphers, alpn, groups, keyLogFile);
    }

    public TlsOptions withProtocols(List<String> protocols) {
        return new TlsOptions(provider, protocols, ciphers, alpn, groups, keyLogFile);
    }

    public TlsOptions withCiphers(List<String> ciphers) {
        return new TlsOptions(provider, protocols, ciphers, alpn, groups, keyLogFile);
    }

    public TlsOptions withAlpn(List<String> alpn) {
        return new TlsOptions(provider, protocols, ciphers, alpn, groups, keyLogFile);
    }

    public TlsOptions withGroups(List<String> groups) {
        return new TlsOptions(provider, protocols, ciphers, alpn, groups, keyLogFile);
    }

    /** Appends each connection's secrets to {@code keyLogFile} (null: nowhere, the default). */
    public TlsOptions withKeyLogFile(Path keyLogFile) {
        return new TlsOptions(provider, protocols, ciphers, alpn, groups, keyLogFile);
    }

    /** Whether keys will be written: a key-log file is set and the engine can log keys. */
    public boolean logsKeys() {
        return keyLogFile != null && provider == TlsProvider.OPENSSL;
    }
}
