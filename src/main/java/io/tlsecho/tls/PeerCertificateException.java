package io.tlsecho.tls;

import java.security.cert.CertificateException;

/** The peer's certificate was refused, with the reason worded for the user. */
public final class PeerCertificateException extends CertificateException {

    /** Why the peer's certificate was refused. */
    public enum Reason {
        /** The chain does not lead to a trusted certificate. */
        UNTRUSTED,
        /** The certificate does not name the host we asked for. */
        HOSTNAME,
        /** A certificate of the chain has expired or is not valid yet. */
        EXPIRED
    }

    private final Reason reason;

    public PeerCertificateException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
