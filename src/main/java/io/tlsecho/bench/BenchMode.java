package io.tlsecho.bench;

import java.util.Locale;

/** What each of the bench's connections does. */
public enum BenchMode {
    /** Each connection sends the message, waits for the whole echo, and repeats. */
    PINGPONG,
    /** Each request is a whole conversation on a new connection: connect, handshake, message, NUL, end. */
    SESSION,
    /** Connections are opened, echo once, and are held open. */
    IDLE,
    /** Each request is a TLS handshake on a new connection, then close_notify and close: any TLS server will do. */
    HANDSHAKE;

    /** Whether each request is a new connection (and so a handshake that may resume). */
    public boolean connectionPerRequest() {
        return this == SESSION || this == HANDSHAKE;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
