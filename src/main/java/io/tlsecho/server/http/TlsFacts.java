package io.tlsecho.server.http;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.tls.EngineDetails;
import io.tlsecho.tls.Sessions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a connection's TLS handshake negotiated, as the HTTP description shows it; taken once, when
 * the handshake completes, and kept on the channel.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipher the cipher suite's standard name
 * @param group the key-exchange group, or null if the engine cannot say
 * @param alpn the protocol agreed by ALPN, or null
 * @param sni the server name the client asked for, or null
 * @param resumed whether the session was resumed
 * @param handshakeMillis from the connection's start to the handshake's end
 * @param clientCertificate the client's certificate, or null
 */
public record TlsFacts(String protocol, String cipher, String group, String alpn, String sni, boolean resumed,
                       double handshakeMillis, X509Certificate clientCertificate) {

    private static final AttributeKey<TlsFacts> KEY = AttributeKey.valueOf("tlsecho.tlsFacts");

    /** Reads the facts of {@code tls}'s finished handshake on a connection that started at {@code startNanos}. */
    public static TlsFacts of(SslHandler tls, long startNanos) {
        SSLEngine engine = tls.engine();
        SSLSession session = engine.getSession();
        X509Certificate client = null;
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x) {
                client = x;
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate: the usual case.
        }
        double millis = Math.round((System.nanoTime() - startNanos) / 1000.0) / 1000.0;
        return new TlsFacts(session.getProtocol(), session.getCipherSuite(), EngineDetails.group(engine),
                tls.applicationProtocol(), Sessions.requestedServerName(session),
                EngineDetails.isResumed(engine, startNanos), millis, client);
    }

    /** Keeps these facts on {@code ch}. */
    public void attach(Channel ch) {
        ch.attr(KEY).set(this);
    }

    /** The facts kept on {@code ch}, or null (no TLS, or no handshake yet). */
    public static TlsFacts of(Channel ch) {
        return ch.attr(KEY).get();
    }

    /** Whether the group is a post-quantum hybrid (ML-KEM or Kyber). */
    public boolean postQuantum() {
        String g = group == null ? "" : group.toUpperCase(Locale.ROOT);
        return g.contains("MLKEM") || g.contains("KYBER");
    }

    /** The JSON's {@code tls} object, in the documented key order. */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", protocol);
        m.put("cipher", cipher);
        m.put("group", group);
        m.put("alpn", alpn);
        m.put("sni", sni);
        m.put("resumed", resumed);
        m.put("handshake_ms", handshakeMillis);
        m.put("client_certificate", clientCertificate == null ? null : certificate(clientCertificate));
        return m;
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
}
