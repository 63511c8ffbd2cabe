package io.tlsecho.server;

import io.tlsecho.tls.Failures;
import java.util.Locale;

/** Why a handshake failed, from a bounded set: the {@code reason} of {@code tlsecho_handshake_failures_total}. */
public enum HandshakeFailure {
    /** The client spoke something other than TLS. */
    NOT_TLS,
    /** The handshake did not finish within the handshake timeout. */
    TIMEOUT,
    /** No TLS version or cipher suite in common. */
    NO_COMMON_PROTOCOL,
    /** A certificate (the client's, or ours as the client said) from an authority not trusted. */
    UNKNOWN_CA,
    /** A certificate refused for another reason: expired, wrong name, unsupported, revoked. */
    BAD_CERTIFICATE,
    /** A client certificate was required and none came. */
    NO_CLIENT_CERTIFICATE,
    /** Another alert from the client. */
    ALERT,
    /** The client closed or reset the connection during the handshake. */
    CLOSED,
    /** Anything else. */
    OTHER;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    /** Classifies the cause of a failed handshake; {@code spoke} is what the client spoke instead, if known. */
    public static HandshakeFailure of(Throwable cause, String spoke) {
        Failures.Failure f = Failures.classify(cause, "the client", spoke);
        return switch (f.kind()) {
            case NOT_TLS -> NOT_TLS;
            case TIMEOUT -> TIMEOUT;
            case NO_COMMON_PROTOCOL -> NO_COMMON_PROTOCOL;
            case UNTRUSTED -> UNKNOWN_CA;
            case HOSTNAME, PEER_CERT_DATES, PEER_CERT_USAGE -> BAD_CERTIFICATE;
            case PEER_CERT_MISSING -> NO_CLIENT_CERTIFICATE;
            case PEER_ALERT -> ofAlert(Failures.alert(cause));
            case CLOSED -> CLOSED;
            default -> OTHER;
        };
    }

    /** Classifies a handshake the client ended with {@code alert} (null: an alert not named). */
    static HandshakeFailure ofAlert(String alert) {
        if (alert == null) {
            return ALERT;
        }
        return switch (alert) {
            case "unknown_ca" -> UNKNOWN_CA;
            case "bad_certificate", "unsupported_certificate", "certificate_unknown", "certificate_expired",
                 "certificate_revoked" -> BAD_CERTIFICATE;
            case "certificate_required" -> NO_CLIENT_CERTIFICATE;
            default -> ALERT;
        };
    }
}
