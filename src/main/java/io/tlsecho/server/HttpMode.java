package io.tlsecho.server;

import java.util.Locale;

/** Whether and how a listener answers HTTP beside the seed's echo: {@code --http auto|alpn|off}. */
public enum HttpMode {
    /** By ALPN ({@code h2}, {@code http/1.1}); without it, by the first bytes; else the echo. */
    AUTO,
    /** By ALPN only; a connection without {@code h2} or {@code http/1.1} gets the echo. */
    ALPN,
    /** The seed's echo only. */
    OFF;

    /** The option's word: {@code auto}, {@code alpn}, {@code off}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
