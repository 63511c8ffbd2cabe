package io.tlsecho.server.http;

import io.tlsecho.tls.ClientHello;
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
     * @param tls the handshake's facts, or null without TLS
     * @param hello the ClientHello, or null without TLS
     * @param request the request
     */
    public static Map<String, Object> of(InetSocketAddress peer, InetSocketAddress proxiedBy, TlsFacts tls,
                                         ClientHello hello, RequestFacts request) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("address", peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString());
        p.put("port", peer.getPort());
        p.put("proxied_by", proxiedBy == null ? null : proxiedBy.getAddress() != null
                ? proxiedBy.getAddress().getHostAddress() + ":" + proxiedBy.getPort() : proxiedBy.toString());
        m.put("peer", p);
        m.put("tls", tls == null ? null : tls.fields());
        m.put("client_hello", hello == null ? null : helloFields(hello));
        m.put("http", request.fields());
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
