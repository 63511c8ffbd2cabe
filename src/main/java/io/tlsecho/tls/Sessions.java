package io.tlsecho.tls;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Reads what a session says about the peer: the name it asked for, the subject it presented. */
public final class Sessions {

    private Sessions() {
    }

    /** The host name sent by SNI in {@code session}, or null. */
    public static String requestedServerName(SSLSession session) {
        if (session instanceof ExtendedSSLSession ext) {
            for (SNIServerName name : ext.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    /** The host name a client {@code engine} sends by SNI, or null when it sends none. */
    public static String sentServerName(SSLEngine engine) {
        List<SNIServerName> names = engine.getSSLParameters().getServerNames();
        if (names != null) {
            for (SNIServerName name : names) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    /** The subject of the client certificate a server {@code engine} received, or null. */
    public static String clientSubject(SSLEngine engine) {
        // Asking for a peer certificate that was never requested costs an exception: don't.
        if (!engine.getNeedClientAuth() && !engine.getWantClientAuth()) {
            return null;
        }
        try {
            Certificate[] chain = engine.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x
                    ? x.getSubjectX500Principal().getName() : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
