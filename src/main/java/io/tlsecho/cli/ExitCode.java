package io.tlsecho.cli;

import io.tlsecho.pki.PkiException;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.tls.Failures;

/**
 * The exit codes of every tlsecho command, one per class of failure. docs/exit-codes.md lists them,
 * and ExitCodeDocsTest keeps the two in step.
 */
public final class ExitCode {

    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int USAGE = 2;
    public static final int FILE = 3;
    public static final int KEY = 4;
    public static final int OWN_CERT_DATES = 5;
    public static final int EXISTS = 6;
    public static final int LISTEN = 7;
    public static final int CONNECT = 8;
    public static final int UNKNOWN_HOST = 9;
    public static final int TIMEOUT = 10;
    public static final int TLS = 11;
    public static final int UNTRUSTED = 12;
    public static final int HOSTNAME = 13;
    public static final int PEER_CERT_DATES = 14;
    public static final int PEER_ALERT = 15;
    public static final int NOT_TLS = 16;
    public static final int NO_COMMON_PROTOCOL = 17;
    public static final int CLOSED = 18;
    public static final int ECHO_MISMATCH = 19;
    public static final int NUL_IN_INPUT = 20;
    /** {@code bench}: at least one request failed or came back wrong. */
    public static final int BENCH_ERRORS = 21;
    /** {@code --keylog-file} / {@code SSLKEYLOGFILE} cannot be written. */
    public static final int KEY_LOG = 22;
    /** The peer's certificate has an RSA/DSA key under 2048 bits or a SHA-1 signature (OpenSSL's security level 2). */
    public static final int PEER_CERT_WEAK = 23;
    /** An input file is malformed (e.g. {@code bench report} on a file that is not an HdrHistogram log). */
    public static final int MALFORMED_INPUT = 24;
    /** A native library an option asks for ({@code --provider openssl}, {@code --transport epoll}) does not load here. */
    public static final int NATIVE_UNAVAILABLE = 25;
    /** A source (stapled OCSP, OCSP, CRL) says the server's certificate is revoked ({@code --check-revocation}). */
    public static final int PEER_CERT_REVOKED = 26;
    /** The revocation status of the server's certificate is not established: a bad or missing staple, or strict. */
    public static final int PEER_CERT_STATUS_UNKNOWN = 27;
    /** The server closed the connection without TLS close_notify: the echo may be truncated. */
    public static final int TRUNCATED = 28;
    /** Interrupted (SIGINT, Ctrl-C); {@code bench} first reports what it measured until then. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }

    static int of(PkiException.Kind kind) {
        return switch (kind) {
            case FILE_NOT_FOUND, UNREADABLE, UNWRITABLE -> FILE;
            case MALFORMED, BAD_PASSWORD, KEY_MISMATCH, NO_KEY -> KEY;
            case EXPIRED, NOT_YET_VALID -> OWN_CERT_DATES;
            case EXISTS -> EXISTS;
        };
    }

    static int of(Failures.Kind kind) {
        return switch (kind) {
            case CONNECT -> CONNECT;
            case UNKNOWN_HOST -> UNKNOWN_HOST;
            case TIMEOUT -> TIMEOUT;
            case UNTRUSTED, PEER_CERT_USAGE -> UNTRUSTED;
            case HOSTNAME -> HOSTNAME;
            case PEER_CERT_DATES -> PEER_CERT_DATES;
            case PEER_CERT_WEAK -> PEER_CERT_WEAK;
            case PEER_CERT_MISSING -> PEER_ALERT;
            case PEER_ALERT -> PEER_ALERT;
            case NOT_TLS -> NOT_TLS;
            case PEER_CERT_REVOKED -> PEER_CERT_REVOKED;
            case PEER_CERT_STATUS_UNKNOWN -> PEER_CERT_STATUS_UNKNOWN;
            case NO_COMMON_PROTOCOL -> NO_COMMON_PROTOCOL;
            case CLOSED, IO -> CLOSED;
            case HANDSHAKE -> TLS;
            case TRUNCATED -> TRUNCATED;
        };
    }

    static int of(ServerStartException.Reason reason) {
        return switch (reason) {
            case UNKNOWN_HOST -> UNKNOWN_HOST;
            case TLS_CONFIG -> TLS;
            case KEYS -> KEY;
            case KEY_LOG -> KEY_LOG;
            case ADDRESS_IN_USE, PERMISSION_DENIED, ADDRESS_NOT_AVAILABLE, BIND_FAILED -> LISTEN;
        };
    }
}
