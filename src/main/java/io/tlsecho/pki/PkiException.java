package io.tlsecho.pki;

/** A failure to load, check or write key material, worded for the user who supplied it. */
public final class PkiException extends Exception {

    /** What went wrong; each kind maps to its own exit code in the CLI. */
    public enum Kind {
        /** A named file does not exist. */
        FILE_NOT_FOUND,
        /** A file exists but cannot be read (permissions, I/O). */
        UNREADABLE,
        /** A file cannot be written (permissions, a parent that is not a directory, a full disk). */
        UNWRITABLE,
        /** The content is not what was expected (no PEM block, bad DER, unknown key type). */
        MALFORMED,
        /** An encrypted key or keystore needs a password and none, or the wrong one, was given. */
        BAD_PASSWORD,
        /** The private key does not belong to the certificate. */
        KEY_MISMATCH,
        /** A keystore holds no private key entry. */
        NO_KEY,
        /** A certificate's notAfter is in the past. */
        EXPIRED,
        /** A certificate's notBefore is in the future. */
        NOT_YET_VALID,
        /** An output file exists and overwriting was not allowed. */
        EXISTS
    }

    private final Kind kind;

    public PkiException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PkiException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
