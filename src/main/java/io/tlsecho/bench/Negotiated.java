package io.tlsecho.bench;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many handshakes negotiated each protocol, cipher suite and key-exchange group, each in
 * name order ({@code unknown}: the engine does not tell the group).
 */
public record Negotiated(Map<String, Long> protocols, Map<String, Long> ciphers, Map<String, Long> groups) {

    public Negotiated {
        protocols = sorted(protocols);
        ciphers = sorted(ciphers);
        groups = sorted(groups);
    }

    private static Map<String, Long> sorted(Map<String, Long> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }
}
