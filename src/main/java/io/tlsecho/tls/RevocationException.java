package io.tlsecho.tls;

import java.security.cert.CertificateException;

/** A server certificate refused by revocation checking: revoked, or its status not established, in one line. */
public final class RevocationException extends CertificateException {

    /** Why the certificate was refused. */
    public enum Reason {
        /** A source says it is revoked. */
        REVOKED,
        /** Its status could not be established: a bad or missing staple, or (strict) no source answered. */
        UNKNOWN
    }

    private final Reason reason;

    public RevocationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
