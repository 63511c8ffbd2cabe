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
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns the exceptions of a connection into one line a user can act on. */
public final class Failures {

    /** What kind of failure, each with its own exit code in the CLI. */
    public enum Kind {
        CONNECT, UNKNOWN_HOST, TIMEOUT, UNTRUSTED, HOSTNAME, PEER_CERT_DATES, PEER_ALERT, NOT_TLS,
        NO_COMMON_PROTOCOL, CLOSED, HANDSHAKE, IO
    }

    /** A classified failure: its kind and its one-line message. */
    public record Failure(Kind kind, String message) {
    }

    private Failures() {
    }

    /** A short reason, for a server's per-connection log. */
    public static String describe(Throwable t) {
        return classify(t, "the client").message();
    }

    /** Classifies {@code t}; {@code peer} names the other side, e.g. "the server at localhost port 10000". */
    public static Failure classify(Throwable t, String peer) {
        PeerCertificateException cert = find(t, PeerCertificateException.class);
        if (cert != null) {
            Kind kind = switch (cert.reason()) {
                case UNTRUSTED -> Kind.UNTRUSTED;
                case HOSTNAME -> Kind.HOSTNAME;
                case EXPIRED -> Kind.PEER_CERT_DATES;
            };
            return new Failure(kind, cert.getMessage());
        }
        NotSslRecordException notTls = find(t, NotSslRecordException.class);
        if (notTls != null) {
            String looks = looksLike(notTls.getMessage());
            return new Failure(Kind.NOT_TLS, peer + " is not speaking TLS" + (looks == null ? "" : " (looks like " + looks + ")"));
        }
        if (find(t, UnknownHostException.class) != null) {
            return new Failure(Kind.UNKNOWN_HOST, "unknown host: " + find(t, UnknownHostException.class).getMessage());
        }
        if (find(t, ConnectTimeoutException.class) != null) {
            return new Failure(Kind.TIMEOUT, "cannot connect to " + peer + ": timed out");
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
        if (alert != null && (all.contains("received fatal alert") || all.contains("sslv3_alert") || all.contains("tlsv1_alert")
                || all.contains("tlsv13_alert"))) {
            return new Failure(Kind.PEER_ALERT, peer + " rejected the handshake: " + alert
                    + (alert.contains("certificate") ? " (it refused our certificate, or asked for one we did not send)" : ""));
        }
        if (all.contains("closed") && (all.contains("handshake") || all.contains("close_notify"))) {
            return new Failure(Kind.CLOSED, peer + " closed the connection during the TLS handshake");
        }
        return new Failure(Kind.HANDSHAKE, "TLS with " + peer + " failed: " + firstMessage(ssl));
    }

    private static final String[] ALERTS = {
        "bad_certificate", "unsupported_certificate", "certificate_revoked", "certificate_expired",
        "certificate_unknown", "certificate_required", "unknown_ca", "access_denied", "handshake_failure",
        "protocol_version", "insufficient_security", "decrypt_error", "decode_error", "illegal_parameter",
        "no_application_protocol", "unrecognized_name", "internal_error", "missing_extension"
    };

    private static String alertName(String lower) {
        for (String a : ALERTS) {
            if (lower.contains(a) || lower.contains(a.replace("_", " "))) {
                return a;
            }
        }
        return null;
    }

    /**
     * Names what a peer that is not speaking TLS seems to speak, from the first bytes it sent:
     * "the client is not speaking TLS (looks like HTTP)".
     */
    public static String notTls(String peer, byte[] head) {
        String looks = looksLike(head);
        return peer + " is not speaking TLS" + (looks == null ? "" : " (looks like " + looks + ")");
    }

    private static String looksLike(String message) {
        if (message == null) {
            return null;
        }
        int colon = message.lastIndexOf(':');
        String hex = message.substring(colon + 1).trim();
        int n = Math.min(hex.length() / 2, 8);
        byte[] head = new byte[n];
        try {
            for (int i = 0; i < n; i++) {
                head[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return looksLike(head);
    }

    private static String looksLike(byte[] head) {
        int n = Math.min(head.length, 8);
        String s = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        for (String method : new String[] {"GET ", "POST", "HEAD", "PUT ", "DELE", "OPTI", "PATC", "CONN", "HTTP", "PRI "}) {
            if (s.startsWith(method)) {
                return "HTTP";
            }
        }
        if (s.startsWith("SSH-")) {
            return "SSH";
        }
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\r' || c == '\n') && n > 0 ? "plain text" : null;
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
