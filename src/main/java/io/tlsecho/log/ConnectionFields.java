package io.tlsecho.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What JSON logs say about a connection on each of its events: its name, the client's address,
 * the balancer's (behind a PROXY header), and the TLS session once the handshake is done.
 *
 * <p>One per connection, filled in by its handlers on its event loop; absent values are JSON nulls.
 */
public final class ConnectionFields {

    private String name;
    private String peer;
    private String proxiedBy;
    private String sni;
    private String alpn;
    private String protocol;
    private String cipher;
    private String group;
    private Boolean resumed;
    private String clientSubject;

    public ConnectionFields(String name, String peer) {
        this.name = name;
        this.peer = peer;
    }

    /** The name the connection's lines show in the logger's place, {@code echo_<host>_<port>}. */
    public String name() {
        return name;
    }

    /** Renames the connection, e.g. after a PROXY header told the real client's address. */
    public ConnectionFields name(String name) {
        this.name = name;
        return this;
    }

    public String peer() {
        return peer;
    }

    /** The client's address, {@code host:port} ({@code [v6]:port}). */
    public ConnectionFields peer(String peer) {
        this.peer = peer;
        return this;
    }

    /** The load balancer's address when a PROXY header named the client; else none. */
    public ConnectionFields proxiedBy(String proxiedBy) {
        this.proxiedBy = proxiedBy;
        return this;
    }

    /** The session as negotiated; {@code null}s where there is none. */
    public ConnectionFields session(String sni, String alpn, String protocol, String cipher, String group,
                                    boolean resumed, String clientSubject) {
        this.sni = sni;
        this.alpn = alpn;
        this.protocol = protocol;
        this.cipher = cipher;
        this.group = group;
        this.resumed = resumed;
        this.clientSubject = clientSubject;
        return this;
    }

    /** The fields in JSON log order. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peer", peer);
        m.put("proxied_by", proxiedBy);
        m.put("sni", sni);
        m.put("alpn", alpn);
        m.put("protocol", protocol);
        m.put("cipher", cipher);
        m.put("group", group);
        m.put("resumed", resumed);
        m.put("client_subject", clientSubject);
        return m;
    }
}
