package io.tlsecho.tls;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a handshake agreed, rendered one way wherever it is shown: the server's {@code -v} session
 * line and the client's {@code --show-session}. Absent values read {@code none}.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipherSuite the IANA name of the suite
 * @param group the key-exchange group, or null where the engine does not tell
 * @param alpn the application protocol chosen, or null
 * @param serverName the SNI name sent (client) or received (server), or null
 * @param resumed whether an earlier session was resumed
 * @param handshakeTime from connected to handshake done
 */
public record SessionSummary(String protocol, String cipherSuite, String group, String alpn, String serverName,
                             boolean resumed, Duration handshakeTime) {

    /** What stands for an absent value. */
    public static final String NONE = "none";

    /** Each field by its label ({@code protocol}, {@code cipher}, {@code group}, {@code alpn}, {@code sni}, ...), in order. */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("protocol", orNone(protocol));
        m.put("cipher", orNone(cipherSuite));
        m.put("group", orNone(group));
        m.put("alpn", orNone(alpn));
        m.put("sni", orNone(serverName));
        m.put("resumed", resumed ? "yes" : "no");
        m.put("handshake", String.format(Locale.ROOT, "%.1f ms", handshakeTime.toNanos() / 1e6));
        return m;
    }

    /** The fields on one line: {@code protocol TLSv1.3, cipher TLS_AES_128_GCM_SHA256, ..., handshake 1.2 ms}. */
    public String line() {
        StringJoiner line = new StringJoiner(", ");
        fields().forEach((label, value) -> line.add(label + " " + value));
        return line.toString();
    }

    /** {@code value}, or {@value #NONE} when it is null or empty. */
    public static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }
}
