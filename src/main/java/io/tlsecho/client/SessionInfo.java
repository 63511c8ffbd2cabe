package io.tlsecho.client;

import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.tls.EngineDetails;
import io.tlsecho.tls.NegotiatedSession;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * What a handshake agreed, as a client saw it.
 *
 * @param protocol e.g. {@code TLSv1.3}
 * @param cipherSuite the IANA name of the suite
 * @param group the key-exchange group, or null where the engine does not tell
 * @param alpn the application protocol chosen, or null
 * @param serverName the SNI name sent, or null
 * @param resumed whether an earlier session was resumed
 * @param handshakeTime from connected to handshake done
 * @param peerChain the server's certificates, leaf first
 */
public record SessionInfo(String protocol, String cipherSuite, String group, String alpn, String serverName, boolean resumed,
                          Duration handshakeTime, List<CertificateInfo> peerChain) {

    static SessionInfo of(SSLEngine engine, String alpn, String serverName, boolean resumed, Duration handshakeTime) {
        SSLSession s = engine.getSession();
        List<CertificateInfo> chain = new ArrayList<>();
        try {
            for (Certificate c : s.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(CertificateInfo.of(x));
                }
            }
        } catch (SSLPeerUnverifiedException e) {
            // An anonymous peer has no chain to show.
        }
        return new SessionInfo(s.getProtocol(), s.getCipherSuite(), EngineDetails.group(engine), alpn, serverName, resumed, handshakeTime,
                List.copyOf(chain));
    }

    /** The agreed parameters without the chain, as the server's log shows them too. */
    public NegotiatedSession summary() {
        return new NegotiatedSession(protocol, cipherSuite, group, alpn, serverName, resumed, handshakeTime, List.of());
    }
}
