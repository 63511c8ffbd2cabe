package io.tlsecho.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JA3 TLS client fingerprint, as Salesforce specifies it: the ClientHello's version, cipher
 * suites, extensions, supported groups and EC point formats, in decimal and in offered order,
 * {@code -} within a field and {@code ,} between fields, GREASE values left out; its hash is the MD5.
 */
final class Ja3 {

    private Ja3() {
    }

    static String of(ClientHello hello) {
        return hello.legacyVersion() + "," + join(hello.cipherSuites()) + "," + join(hello.extensions()) + ","
                + join(hello.groups()) + "," + join(hello.pointFormats());
    }

    static String hash(String ja3) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(ja3.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    private static String join(List<Integer> values) {
        return values.stream().filter(v -> !TlsNames.isGrease(v)).map(String::valueOf)
                .collect(Collectors.joining("-"));
    }
}
