package io.tlsecho.server.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the description shows it.
 *
 * @param version {@code http/1.0}, {@code http/1.1} or {@code h2}
 * @param method the request method
 * @param path the request target as sent, query included
 * @param headers the header fields in received order, each a [name, value] pair (HTTP/2's pseudo-headers first)
 * @param bodyBytes the body's length
 * @param akamai the Akamai HTTP/2 fingerprint, or null for HTTP/1.x
 * @param akamaiHash its MD5 ({@link AkamaiFingerprint#hash}), or null for HTTP/1.x
 */
public record RequestFacts(String version, String method, String path, List<List<String>> headers, long bodyBytes,
                           String akamai, String akamaiHash) {

    public RequestFacts {
        headers = List.copyOf(headers);
    }

    /** The JSON's {@code http} object, in the documented key order. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("method", method);
        m.put("path", path);
        m.put("headers", headers);
        m.put("body_bytes", bodyBytes);
        if (akamai != null) {
            m.put("akamai", akamai);
            m.put("akamai_hash", akamaiHash);
        }
        return m;
    }
}
