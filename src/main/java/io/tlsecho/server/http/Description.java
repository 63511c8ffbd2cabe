package io.tlsecho.server.http;

import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.tls.ClientHello;
import io.tlsecho.tls.NegotiatedSession;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server knows of a connection and one of its requests, as the JSON that every HTTP
 * answer carries: {@code peer}, {@code tls}, {@code client_hello}, {@code http}, in that order.
 */
public final class Description {

    private Description() {
    }

    /**
     * @param peer the client (from its PROXY header if it sent one)
     * @param proxiedBy the balancer that relayed it, or null
     * @param tls what the handshake negotiated, or null without TLS
     * @param helloFields the ClientHello's {@link #helloFields}, or null without TLS
     * @param request the request
     */
    public static Map<String, Object> of(InetSocketAddress peer, InetSocketAddress proxiedBy, NegotiatedSession tls,
                                         Map<String, Object> helloFields, RequestFacts request) {
        return withRequest(connectionFields(peer, proxiedBy, tls, helloFields), request);
    }

    /** The description's {@code peer}, {@code tls} and {@code client_hello}: the same for every request of a connection. */
    static Map<String, Object> connectionFields(InetSocketAddress peer, InetSocketAddress proxiedBy,
                                                NegotiatedSession tls, Map<String, Object> helloFields) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("address", peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString());
        p.put("port", peer.getPort());
        p.put("proxied_by", proxiedBy == null ? null : proxiedBy.getAddress() != null
                ? proxiedBy.getAddress().getHostAddress() + ":" + proxiedBy.getPort() : proxiedBy.toString());
        m.put("peer", p);
        m.put("tls", tls == null ? null : tlsFields(tls));
        m.put("client_hello", helloFields);
        return m;
    }

    /** A connection's fields, then {@code http}: the request's. */
    static Map<String, Object> withRequest(Map<String, Object> connectionFields, RequestFacts request) {
        Map<String, Object> m = new LinkedHashMap<>(connectionFields);
        m.put("http", request.fields());
        return m;
    }

    /** The {@code tls} object: the session's JSON fields, then {@code client_certificate} (null when none). */
    public static Map<String, Object> tlsFields(NegotiatedSession tls) {
        Map<String, Object> m = new LinkedHashMap<>(tls.jsonFields());
        m.put("handshake_ms", Math.round(tls.handshakeTime().toNanos() / 1000.0) / 1000.0);
        m.put("client_certificate", tls.peerChain().isEmpty() ? null : certificate(tls.peerChain().get(0)));
        return m;
    }

    /** Whether a key-exchange group is a post-quantum hybrid (ML-KEM or Kyber). */
    public static boolean postQuantum(String group) {
        String g = group == null ? "" : group.toUpperCase(Locale.ROOT);
        return g.contains("MLKEM") || g.contains("KYBER");
    }

    private static Map<String, Object> certificate(X509Certificate c) {
        CertificateInfo info = CertificateInfo.of(c);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", info.subject());
        m.put("issuer", info.issuer());
        m.put("serial", c.getSerialNumber().toString(16));
        m.put("sha256", info.sha256Fingerprint());
        m.put("not_before", info.notBefore().toString());
        m.put("not_after", info.notAfter().toString());
        m.put("sans", info.subjectAlternativeNames());
        return m;
    }

    /** The ClientHello's fields as the {@code hello} scenario shows them, then {@code ja3}, {@code ja3_hash}, {@code ja4_r}. */
    public static Map<String, Object> helloFields(ClientHello hello) {
        Map<String, Object> m = new LinkedHashMap<>(hello.fields());
        m.put("ja3", hello.ja3());
        m.put("ja3_hash", hello.ja3Hash());
        m.put("ja4_r", hello.ja4Raw());
        return m;
    }
}
