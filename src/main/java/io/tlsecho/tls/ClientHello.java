package io.tlsecho.tls;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What a client offered in its ClientHello, as the server sees it before the handshake; every
 * list in the order offered, GREASE values included (the JA4 fingerprint leaves them out).
 *
 * @param legacyVersion the version field of the ClientHello itself (0x0303 for TLS 1.2 and 1.3)
 * @param cipherSuites the cipher suites
 * @param extensions the extension types
 * @param supportedVersions the supported_versions extension, empty when absent
 * @param groups the supported_groups extension
 * @param pointFormats the ec_point_formats extension, empty when absent
 * @param keyShares the groups of the key_share extension's entries
 * @param signatureAlgorithms the signature_algorithms extension
 * @param alpn the application_layer_protocol_negotiation extension's protocols (bytes as ISO-8859-1)
 * @param serverName the host name of the server_name extension, or null
 */
public record ClientHello(int legacyVersion, List<Integer> cipherSuites, List<Integer> extensions,
                          List<Integer> supportedVersions, List<Integer> groups, List<Integer> pointFormats,
                          List<Integer> keyShares,
                          List<Integer> signatureAlgorithms, List<String> alpn, String serverName) {

    public ClientHello {
        cipherSuites = List.copyOf(cipherSuites);
        extensions = List.copyOf(extensions);
        supportedVersions = List.copyOf(supportedVersions);
        groups = List.copyOf(groups);
        pointFormats = List.copyOf(pointFormats);
        keyShares = List.copyOf(keyShares);
        signatureAlgorithms = List.copyOf(signatureAlgorithms);
        alpn = List.copyOf(alpn);
    }

    /**
     * Parses a ClientHello message body (after the 4-byte handshake header), as Netty's
     * {@code SslClientHelloHandler} hands it over; does not move {@code body}'s reader index.
     *
     * @throws IllegalArgumentException if it is truncated or malformed, saying where
     */
    public static ClientHello parse(ByteBuf body) {
        Objects.requireNonNull(body, "body");
        byte[] bytes = new byte[body.readableBytes()];
        body.getBytes(body.readerIndex(), bytes);
        return ClientHelloParser.parse(bytes);
    }

    /** Parses a ClientHello message body given as bytes; see {@link #parse(ByteBuf)}. */
    public static ClientHello parse(byte[] body) {
        return ClientHelloParser.parse(body);
    }

    /** The JA4 fingerprint of this ClientHello (TLS over TCP), e.g. {@code t13d1516h2_8daaf6152771_e5627efa2ab1}. */
    public String ja4() {
        return Ja4.of(this);
    }

    /** JA4's raw, unhashed form (JA4_r): the sorted cipher and extension lists written out in hex. */
    public String ja4Raw() {
        return Ja4.raw(this);
    }

    /** The JA3 string (Salesforce): version, ciphers, extensions, groups, point formats; decimal, GREASE left out. */
    public String ja3() {
        return Ja3.of(this);
    }

    /** The MD5 of {@link #ja3()}, in lower-case hex. */
    public String ja3Hash() {
        return Ja3.hash(ja3());
    }

    /** The offered versions: supported_versions when sent, else the ClientHello's own version. */
    public List<Integer> versions() {
        return supportedVersions.isEmpty() ? List.of(legacyVersion) : supportedVersions;
    }

    /**
     * This ClientHello as named fields, for the {@code hello} scenario's JSON and for JSON logs: {@code ja4},
     * {@code versions}, {@code ciphers}, {@code groups}, {@code key_shares}, {@code signature_algorithms},
     * {@code alpn}, {@code sni} (null when absent) and {@code extensions}, each list in offered order with
     * IANA names.
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ja4", ja4());
        m.put("versions", names(versions(), TlsNames::version));
        m.put("ciphers", names(cipherSuites, TlsNames::cipherSuite));
        m.put("groups", names(groups, TlsNames::group));
        m.put("key_shares", names(keyShares, TlsNames::group));
        m.put("signature_algorithms", names(signatureAlgorithms, TlsNames::signatureScheme));
        m.put("alpn", alpn);
        m.put("sni", serverName);
        m.put("extensions", names(extensions, TlsNames::extension));
        return m;
    }

    /** One line for a log: every field of {@link #fields()}, an absent SNI as {@code none}. */
    public String summary() {
        StringBuilder sb = new StringBuilder("client hello");
        for (Map.Entry<String, Object> e : fields().entrySet()) {
            Object v = e.getValue();
            String text = v == null ? "none" : v instanceof List<?> l ? "[" + String.join(", ", l.stream()
                    .map(String::valueOf).toList()) + "]" : v.toString();
            sb.append(sb.length() == "client hello".length() ? ": " : ", ").append(e.getKey()).append(' ').append(text);
        }
        return sb.toString();
    }

    private static List<String> names(List<Integer> codes, IntFunction<String> namer) {
        List<String> out = new ArrayList<>(codes.size());
        for (int code : codes) {
            out.add(namer.apply(code));
        }
        return out;
    }
}
