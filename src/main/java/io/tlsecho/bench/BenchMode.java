package io.tlsecho.bench;

import java.util.Locale;

/** What each of the bench's connections does. */
public enum BenchMode {
    /** Each connection sends the message, waits for the whole echo, and repeats. */
    PINGPONG,
    /** Each request is a whole conversation on a new connection: connect, handshake, message, NUL, end. */
    SESSION,
    /** Connections are opened, echo once, and are held open. */
    IDLE;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
