package io.tlsecho.server;

import io.tlsecho.log.Messages;
import java.net.InetSocketAddress;
import io.netty.util.NetUtil;

/** The server could not start; the message says why in a user's terms. */
public final class ServerStartException extends Exception {

    /** Why the server did not start. */
    public enum Reason {
        /** The host to listen on does not resolve. */
        UNKNOWN_HOST,
        /** The port is taken. */
        ADDRESS_IN_USE,
        /** Not allowed to bind there (a port below 1024 without privileges). */
        PERMISSION_DENIED,
        /** The address is not one of this machine's. */
        ADDRESS_NOT_AVAILABLE,
        /** Some other failure to listen. */
        BIND_FAILED,
        /** The TLS settings were refused by the engine. */
        TLS_CONFIG,
        /** The certificate or key could not be loaded; the cause is the {@link io.tlsecho.pki.PkiException}. */
        KEYS,
        /** The key-log file cannot be written. */
        KEY_LOG
    }

    private final Reason reason;

    public ServerStartException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** Why binding {@code target} failed, worded for the user: address in use, permission denied... */
    public static ServerStartException bindFailed(InetSocketAddress target, Throwable cause) {
        String where = NetUtil.toSocketAddressString(target);
        String msg = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (msg.contains("in use")) {
            return new ServerStartException(Reason.ADDRESS_IN_USE,
                    "cannot listen on " + where + ": address already in use (is another server running?)", cause);
        }
        if (msg.contains("permission denied") || msg.contains("access denied")) {
            return new ServerStartException(Reason.PERMISSION_DENIED,
                    "cannot listen on " + where + ": permission denied (ports below 1024 need privileges)", cause);
        }
        if (msg.contains("cannot assign") || msg.contains("not available")) {
            return new ServerStartException(Reason.ADDRESS_NOT_AVAILABLE,
                    "cannot listen on " + where + ": not an address of this machine", cause);
        }
        return new ServerStartException(Reason.BIND_FAILED, "cannot listen on " + where + ": " + Messages.of(cause), cause);
    }
}
