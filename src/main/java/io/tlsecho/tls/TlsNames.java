package io.tlsecho.tls;

import java.util.HashMap;
import java.util.Map;

/**
 * IANA's names for the code points a ClientHello carries (versions, cipher suites, groups,
 * signature schemes, extensions); a code point without a name reads as its hex code, {@code 0x4469}.
 */
public final class TlsNames {

    private static final Map<Integer, String> VERSIONS = new HashMap<>();
    private static final Map<Integer, String> CIPHERS = new HashMap<>();
    private static final Map<Integer, String> GROUPS = new HashMap<>();
    private static final Map<Integer, String> SIGNATURES = new HashMap<>();
    private static final Map<Integer, String> EXTENSIONS = new HashMap<>();

    static {
        put(VERSIONS, 0x0304, "TLSv1.3", 0x0303, "TLSv1.2", 0x0302, "TLSv1.1", 0x0301, "TLSv1", 0x0300, "SSLv3");
        put(CIPHERS,
                0x1301, "TLS_AES_128_GCM_SHA256", 0x1302, "TLS_AES_256_GCM_SHA384",
                0x1303, "TLS_CHACHA20_POLY1305_SHA256", 0x1304, "TLS_AES_128_CCM_SHA256",
                0x1305, "TLS_AES_128_CCM_8_SHA256",
                0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
                0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
                0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
                0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", 0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
                0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384",
                0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
                0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA",
                0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256",
                0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
                0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", 0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
                0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA",
                0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", 0x5600, "TLS_FALLBACK_SCSV");
        put(GROUPS,
                0x0017, "secp256r1", 0x0018, "secp384r1", 0x0019, "secp521r1", 0x001d, "x25519", 0x001e, "x448",
                0x001a, "brainpoolP256r1", 0x001b, "brainpoolP384r1", 0x001c, "brainpoolP512r1",
                0x0100, "ffdhe2048", 0x0101, "ffdhe3072", 0x0102, "ffdhe4096", 0x0103, "ffdhe6144", 0x0104, "ffdhe8192",
                0x0200, "MLKEM512", 0x0201, "MLKEM768", 0x0202, "MLKEM1024",
                0x11eb, "SecP256r1MLKEM768", 0x11ec, "X25519MLKEM768", 0x11ed, "SecP384r1MLKEM1024",
                0x6399, "X25519Kyber768Draft00");
        put(SIGNATURES,
                0x0401, "rsa_pkcs1_sha256", 0x0501, "rsa_pkcs1_sha384", 0x0601, "rsa_pkcs1_sha512",
                0x0403, "ecdsa_secp256r1_sha256", 0x0503, "ecdsa_secp384r1_sha384", 0x0603, "ecdsa_secp521r1_sha512",
                0x0804, "rsa_pss_rsae_sha256", 0x0805, "rsa_pss_rsae_sha384", 0x0806, "rsa_pss_rsae_sha512",
                0x0807, "ed25519", 0x0808, "ed448",
                0x0809, "rsa_pss_pss_sha256", 0x080a, "rsa_pss_pss_sha384", 0x080b, "rsa_pss_pss_sha512",
                0x081a, "ecdsa_brainpoolP256r1tls13_sha256", 0x081b, "ecdsa_brainpoolP384r1tls13_sha384",
                0x081c, "ecdsa_brainpoolP512r1tls13_sha512",
                0x0904, "mldsa44", 0x0905, "mldsa65", 0x0906, "mldsa87",
                0x0201, "rsa_pkcs1_sha1", 0x0203, "ecdsa_sha1");
        put(EXTENSIONS,
                0, "server_name", 1, "max_fragment_length", 5, "status_request", 10, "supported_groups",
                11, "ec_point_formats", 13, "signature_algorithms", 14, "use_srtp", 15, "heartbeat",
                16, "application_layer_protocol_negotiation", 17, "status_request_v2",
                18, "signed_certificate_timestamp", 21, "padding", 22, "encrypt_then_mac",
                23, "extended_master_secret", 24, "token_binding", 27, "compress_certificate",
                28, "record_size_limit", 34, "delegated_credential", 35, "session_ticket",
                41, "pre_shared_key", 42, "early_data", 43, "supported_versions", 44, "cookie",
                45, "psk_key_exchange_modes", 47, "certificate_authorities", 48, "oid_filters",
                49, "post_handshake_auth", 50, "signature_algorithms_cert", 51, "key_share",
                57, "quic_transport_parameters", 0xfe0d, "encrypted_client_hello", 0xff01, "renegotiation_info");
    }

    private TlsNames() {
    }

    private static void put(Map<Integer, String> map, Object... codesAndNames) {
        for (int i = 0; i < codesAndNames.length; i += 2) {
            map.put((Integer) codesAndNames[i], (String) codesAndNames[i + 1]);
        }
    }

    /** Whether {@code value} is a GREASE value (RFC 8701): 0x0a0a, 0x1a1a, ... 0xfafa. */
    public static boolean isGrease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
    }

    /** {@code 0x1301} as four lower-case hex digits, {@code 1301}. */
    public static String hex(int value) {
        return String.format("%04x", value);
    }

    public static String version(int code) {
        return name(VERSIONS, code);
    }

    public static String cipherSuite(int code) {
        return name(CIPHERS, code);
    }

    public static String group(int code) {
        return name(GROUPS, code);
    }

    public static String signatureScheme(int code) {
        return name(SIGNATURES, code);
    }

    public static String extension(int code) {
        return name(EXTENSIONS, code);
    }

    private static String name(Map<Integer, String> names, int code) {
        if (isGrease(code)) {
            return "GREASE (0x" + hex(code) + ")";
        }
        String name = names.get(code);
        return name != null ? name : "0x" + hex(code);
    }
}
