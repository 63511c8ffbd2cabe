package io.tlsecho.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JA4 TLS client fingerprint, as FoxIO specifies it (technical_details/JA4.md, BSD-3-Clause):
 * {@code t}, version, SNI, counts and ALPN; the sorted cipher hash; the sorted extension hash with
 * the signature algorithms. GREASE values are ignored everywhere.
 */
final class Ja4 {

    private static final String EMPTY_HASH = "000000000000";

    private Ja4() {
    }

    static String of(ClientHello hello) {
        Parts p = parts(hello);
        return p.a() + "_" + (p.ciphers().isEmpty() ? EMPTY_HASH : hash12(p.ciphers())) + "_"
                + (p.extensions().isEmpty() ? EMPTY_HASH : hash12(p.extensions()));
    }

    /** JA4's raw form (JA4_r): the same three parts, the sorted lists written out instead of hashed. */
    static String raw(ClientHello hello) {
        Parts p = parts(hello);
        return p.a() + "_" + p.ciphers() + "_" + p.extensions();
    }

    /** The first part, and the texts that JA4 hashes for the second and third (empty when there is nothing). */
    private record Parts(String a, String ciphers, String extensions) {
    }

    private static Parts parts(ClientHello hello) {
        List<Integer> ciphers = withoutGrease(hello.cipherSuites());
        List<Integer> extensions = withoutGrease(hello.extensions());
        List<Integer> hashedExtensions = extensions.stream()
                .filter(e -> e != 0x0000 && e != 0x0010).sorted().toList();
        String a = "t" + version(hello) + (hello.extensions().contains(0x0000) ? "d" : "i")
                + count(ciphers.size()) + count(extensions.size()) + alpn(hello.alpn());
        String c = "";
        if (!hashedExtensions.isEmpty()) {
            List<Integer> signatures = withoutGrease(hello.signatureAlgorithms());
            c = join(hashedExtensions) + (signatures.isEmpty() ? "" : "_" + join(signatures));
        }
        return new Parts(a, join(ciphers.stream().sorted().toList()), c);
    }

    /** The highest non-GREASE supported_versions value, else the ClientHello's own version. */
    private static String version(ClientHello hello) {
        int version = withoutGrease(hello.supportedVersions()).stream().mapToInt(Integer::intValue).max()
                .orElse(hello.legacyVersion());
        return switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            case 0xfeff -> "d1";
            case 0xfefd -> "d2";
            case 0xfefc -> "d3";
            default -> "00";
        };
    }

    /** First and last character of the first ALPN value; their hex digits when not alphanumeric. */
    static String alpn(List<String> alpn) {
        if (alpn.isEmpty() || alpn.get(0).isEmpty()) {
            return "00";
        }
        String first = alpn.get(0);
        char f = first.charAt(0);
        char l = first.charAt(first.length() - 1);
        if (alphanumeric(f) && alphanumeric(l)) {
            return "" + f + l;
        }
        String hex = HexFormat.of().formatHex(first.getBytes(StandardCharsets.ISO_8859_1));
        return "" + hex.charAt(0) + hex.charAt(hex.length() - 1);
    }

    private static boolean alphanumeric(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static String count(int n) {
        return String.format("%02d", Math.min(n, 99));
    }

    private static List<Integer> withoutGrease(List<Integer> values) {
        return values.stream().filter(v -> !TlsNames.isGrease(v)).toList();
    }

    private static String join(List<Integer> values) {
        return values.stream().map(TlsNames::hex).collect(Collectors.joining(","));
    }

    private static String hash12(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
