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
        EXPIRED,
        /** A key or signature of the chain is too weak: RSA/DSA under 2048 bits, SHA-1 (OpenSSL's security level 2). */
        WEAK
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
