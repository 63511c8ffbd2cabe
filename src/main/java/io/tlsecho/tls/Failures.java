package io.tlsecho.tls;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns the exceptions of a connection into one line a user can act on. */
public final class Failures {

    /** What kind of failure, each with its own exit code in the CLI. */
    public enum Kind {
        CONNECT, UNKNOWN_HOST, TIMEOUT, UNTRUSTED, HOSTNAME, PEER_CERT_DATES, PEER_CERT_WEAK, PEER_CERT_USAGE,
        PEER_CERT_MISSING, PEER_ALERT, NOT_TLS, PEER_CERT_REVOKED, PEER_CERT_STATUS_UNKNOWN,
        NO_COMMON_PROTOCOL, CLOSED, HANDSHAKE, IO,
        /** The stream ended without TLS's close_notify: what came before it may be cut short. */
        TRUNCATED
    }

    /** A classified failure: its kind and its one-line message. */
    public record Failure(Kind kind, String message) {
    }

    private Failures() {
    }

    /** A short reason, for a server's per-connection log; {@code spoke} is what {@link ProtocolSniffer} saw. */
    public static String describe(Throwable t, String spoke) {
        return classify(t, "the client", spoke).message();
    }

    /**
     * Classifies {@code t}; {@code peer} names the other side, e.g. "the server at localhost port
     * 10000", and {@code spoke} is what it spoke instead of TLS, if known.
     */
    public static Failure classify(Throwable t, String peer, String spoke) {
        PeerCertificateException cert = find(t, PeerCertificateException.class);
        if (cert != null) {
            Kind kind = switch (cert.reason()) {
                case UNTRUSTED -> Kind.UNTRUSTED;
                case HOSTNAME -> Kind.HOSTNAME;
                case EXPIRED -> Kind.PEER_CERT_DATES;
                case WEAK -> Kind.PEER_CERT_WEAK;
                case USAGE -> Kind.PEER_CERT_USAGE;
            };
            return new Failure(kind, cert.getMessage());
        }
        RevocationException revoked = find(t, RevocationException.class);
        if (revoked != null) {
            return new Failure(revoked.reason() == RevocationException.Reason.REVOKED ? Kind.PEER_CERT_REVOKED
                    : Kind.PEER_CERT_STATUS_UNKNOWN, revoked.getMessage());
        }
        NotSslRecordException notTls = find(t, NotSslRecordException.class);
        if (notTls != null) {
            String verb = peer.startsWith("the server") ? " did not answer with TLS" : " is not speaking TLS";
            return new Failure(Kind.NOT_TLS, peer + verb + (spoke == null ? "" : " (looks like " + spoke + ")"));
        }
        if (find(t, UnknownHostException.class) != null) {
            return new Failure(Kind.UNKNOWN_HOST, "unknown host: " + find(t, UnknownHostException.class).getMessage());
        }
        if (find(t, ConnectTimeoutException.class) != null) {
            return new Failure(Kind.TIMEOUT, "cannot connect to " + peer + ": timed out");
        }
        NoAnswerException silent = find(t, NoAnswerException.class);
        if (silent != null) {
            return new Failure(Kind.TIMEOUT, peer + " sent " + silent.getMessage() + " (--timeout)");
        }
        if (find(t, SslHandshakeTimeoutException.class) != null) {
            return new Failure(Kind.TIMEOUT, "TLS handshake with " + peer + " timed out");
        }
        ConnectException refused = find(t, ConnectException.class);
        if (refused != null || find(t, NoRouteToHostException.class) != null) {
            String why = refused != null && String.valueOf(refused.getMessage()).contains("refused")
                    ? "connection refused (is the server running?)" : String.valueOf(t.getMessage());
            return new Failure(Kind.CONNECT, "cannot connect to " + peer + ": " + why);
        }
        SSLException ssl = find(t, SSLException.class);
        if (ssl != null) {
            return classifySsl(ssl, peer);
        }
        if (find(t, ClosedChannelException.class) != null) {
            return new Failure(Kind.CLOSED, peer + " closed the connection");
        }
        IOException io = find(t, IOException.class);
        if (io != null) {
            String m = String.valueOf(io.getMessage());
            if (m.contains("reset by peer")) {
                return new Failure(Kind.CLOSED, peer + " reset the connection");
            }
            return new Failure(Kind.IO, "connection to " + peer + " failed: " + m);
        }
        return new Failure(Kind.IO, String.valueOf(t));
    }

    private static Failure classifySsl(SSLException ssl, String peer) {
        String all = messages(ssl).toLowerCase(Locale.ROOT);
        String alert = alertName(all);
        if (all.contains("no appropriate protocol") || all.contains("unsupported_protocol")
                || all.contains("protocol_version") || all.contains("no_shared_cipher")
                || all.contains("no cipher suites in common") || all.contains("no_cipher_match")
                || all.contains("wrong_version_number") || "protocol_version".equals(alert)
                || "insufficient_security".equals(alert)) {
            return new Failure(Kind.NO_COMMON_PROTOCOL,
                    "no TLS version or cipher suite in common with " + peer + (alert == null ? "" : " (alert " + alert + ")"));
        }
        if (all.contains("peer_did_not_return_a_certificate") || all.contains("empty client certificate chain")) {
            return new Failure(Kind.PEER_CERT_MISSING, peer + " sent no certificate, and one is required (--client-auth require)");
        }
        if (alert != null && (all.contains("received fatal alert") || all.contains("sslv3_alert") || all.contains("tlsv1_alert")
                || all.contains("tlsv13_alert"))) {
            return new Failure(Kind.PEER_ALERT, alertMessage(peer, alert));
        }
        if (all.contains("closed") && (all.contains("handshake") || all.contains("close_notify"))) {
            return new Failure(Kind.CLOSED, peer + " closed the connection during the TLS handshake");
        }
        return new Failure(Kind.HANDSHAKE, "TLS with " + peer + " failed: " + firstMessage(ssl));
    }

    /** The failure of a handshake that {@code peer} ended with {@code alert}, e.g. {@code certificate_expired}. */
    public static Failure peerAlert(String peer, String alert) {
        return new Failure(Kind.PEER_ALERT, alertMessage(peer, alert));
    }

    private static String alertMessage(String peer, String alert) {
        return switch (alert) {
            case "certificate_required" -> peer + " requires a client certificate issued by a CA it trusts"
                    + " (alert certificate_required); pass --cert and --key with one";
            case "bad_certificate", "unsupported_certificate", "certificate_unknown", "unknown_ca",
                 "certificate_expired", "certificate_revoked" -> peer + " rejected our certificate: " + alert;
            case "unrecognized_name" -> peer + " does not serve the name we asked for (alert unrecognized_name)";
            case "no_application_protocol" -> peer + " accepts none of our ALPN protocols (alert no_application_protocol)";
            default -> peer + " rejected the handshake: " + alert;
        };
    }

    private static final String[] ALERTS = {
        "certificate_required", "bad_certificate", "unsupported_certificate", "certificate_revoked", "certificate_expired",
        "certificate_unknown", "unknown_ca", "access_denied", "handshake_failure",
        "protocol_version", "insufficient_security", "decrypt_error", "decode_error", "illegal_parameter",
        "no_application_protocol", "unrecognized_name", "internal_error", "missing_extension"
    };

    /** The name of the TLS alert {@code t} reports (e.g. {@code unknown_ca}), or null if none. */
    public static String alert(Throwable t) {
        return alertName(messages(t).toLowerCase(Locale.ROOT));
    }

    private static String alertName(String lower) {
        for (String a : ALERTS) {
            if (lower.contains(a) || lower.contains(a.replace("_", " "))) {
                return a;
            }
        }
        return null;
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    private static String firstMessage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null) {
                return c.getMessage();
            }
        }
        return t.getClass().getSimpleName();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c instanceof DecoderException && c.getCause() == null) {
                break;
            }
        }
        return null;
    }
}
