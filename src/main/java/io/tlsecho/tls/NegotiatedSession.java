package io.tlsecho.tls;

import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a handshake negotiated, read once from the engine when it ends and shown one way wherever it
 * appears: the server's log line, metrics and JSON logs, the client's {@code --show-session}, bench.
 * Absent values are null here and read {@code none} in {@link #fields()} and {@link #line()}.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipherSuite the IANA name of the suite
 * @param group the key-exchange group, or null where the engine does not tell
 * @param alpn the application protocol chosen, or null
 * @param serverName the SNI name sent (client) or received (server), or null
 * @param resumed whether an earlier session was resumed
 * @param handshakeTime from the TCP connection to the handshake's end
 * @param peerChain the peer's certificates, leaf first; empty when the peer sent none (a server that did not ask)
 */
public record NegotiatedSession(String protocol, String cipherSuite, String group, String alpn, String serverName,
                                boolean resumed, Duration handshakeTime, List<X509Certificate> peerChain) {

    /** What stands for an absent value. */
    public static final String NONE = "none";

    public NegotiatedSession {
        peerChain = List.copyOf(peerChain);
    }

    /**
     * The session {@code tls} has just completed, for a connection made (client) or accepted (server) at
     * {@code startNanos} ({@link System#nanoTime()}). Call it on the handshake's success event.
     */
    public static NegotiatedSession of(SslHandler tls, long startNanos) {
        SSLEngine engine = tls.engine();
        SSLSession session = engine.getSession();
        boolean client = engine.getUseClientMode();
        String sni = client ? Sessions.sentServerName(engine) : Sessions.requestedServerName(session);
        return new NegotiatedSession(session.getProtocol(), session.getCipherSuite(), EngineDetails.group(engine),
                emptyToNull(tls.applicationProtocol()), sni, EngineDetails.isResumed(engine, startNanos),
                Duration.ofNanos(System.nanoTime() - startNanos), peerChain(engine, client));
    }

    private static List<X509Certificate> peerChain(SSLEngine engine, boolean client) {
        // A server asking for a peer certificate it never requested costs an exception: don't.
        if (!client && !engine.getNeedClientAuth() && !engine.getWantClientAuth()) {
            return List.of();
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : engine.getSession().getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // An anonymous peer has no chain to show.
        }
        return chain;
    }

    /** The subject of the peer's certificate (RFC 2253), or null when it sent none. */
    public String peerSubject() {
        return peerChain.isEmpty() ? null : peerChain.get(0).getSubjectX500Principal().getName();
    }

    /** Each field by its label ({@code protocol}, {@code cipher}, {@code group}, {@code alpn}, {@code sni}, ...), in order. */
    public Map<String, String> fields() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("protocol", orNone(protocol));
        m.put("cipher", orNone(cipherSuite));
        m.put("group", orNone(group));
        m.put("alpn", orNone(alpn));
        m.put("sni", orNone(serverName));
        m.put("resumed", resumed ? "yes" : "no");
        m.put("handshake", String.format(Locale.ROOT, "%.1f ms", handshakeMillis()));
        return m;
    }

    /** The fields on one line: {@code protocol TLSv1.3, cipher TLS_AES_128_GCM_SHA256, ..., handshake 1.2 ms}. */
    public String line() {
        StringJoiner line = new StringJoiner(", ");
        fields().forEach((label, value) -> line.add(label + " " + value));
        return line.toString();
    }

    /**
     * The fields as JSON values, absent ones null: {@code protocol}, {@code cipher}, {@code group}, {@code alpn},
     * {@code sni}, {@code resumed}, {@code handshake_ms} (the chain is left to the caller, which knows how much of
     * it to show).
     */
    public Map<String, Object> jsonFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", protocol);
        m.put("cipher", cipherSuite);
        m.put("group", group);
        m.put("alpn", alpn);
        m.put("sni", serverName);
        m.put("resumed", resumed);
        m.put("handshake_ms", handshakeMillis());
        return m;
    }

    private double handshakeMillis() {
        return handshakeTime.toNanos() / 1e6;
    }

    /** {@code value}, or {@value #NONE} when it is null or empty. */
    public static String orNone(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
