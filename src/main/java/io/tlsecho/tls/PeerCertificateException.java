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
        WEAK,
        /** The certificate's (extended) key usage does not allow it for this side of TLS, e.g. serverAuth only. */
        USAGE
    }

    /** What the user could do about an untrusted chain, for the caller to word with its own options. */
    public enum Remedy {
        /** Nothing to suggest. */
        NONE,
        /** Trust the peer's (self-signed) certificate itself. */
        TRUST_CERTIFICATE,
        /** Trust the root the chain ends at. */
        TRUST_ROOT,
        /** Trust the certificate's issuer. */
        TRUST_ISSUER,
        /** Trust the certificate's issuer, or have the peer send its intermediate. */
        TRUST_ISSUER_OR_SEND_INTERMEDIATE,
        /** Connect by one of the names the certificate holds, or do not check the name. */
        USE_ITS_NAME
    }

    private final Reason reason;
    private final Remedy remedy;

    public PeerCertificateException(Reason reason, String message, Throwable cause) {
        this(reason, Remedy.NONE, message, cause);
    }

    public PeerCertificateException(Reason reason, Remedy remedy, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.remedy = remedy;
    }

    public Reason reason() {
        return reason;
    }

    /** What the user could do about it; the message says what is wrong, not which option to pass. */
    public Remedy remedy() {
        return remedy;
    }
}
