package io.tlsecho.server;

import java.util.Locale;

/** Why a connection ended: the {@code reason} of its summary event and of {@code tlsecho_connections_closed_total}. */
public enum CloseReason {
    /** The client's NUL ended the message. */
    NUL,
    /** The client closed (or sent close_notify) before a NUL. */
    EOF,
    /** No byte either way for the idle timeout. */
    IDLE,
    /** The connection was reset or vanished under us. */
    RESET,
    /** A TLS or I/O error after the handshake. */
    ERROR,
    /** Cut when the server's drain timeout ran out. */
    DRAIN,
    /** The TLS handshake failed or timed out (metric label {@code handshake}). */
    HANDSHAKE_FAILED,
    /** Refused before it was served; counted in {@code tlsecho_connections_rejected_total} instead. */
    REJECTED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The summary event's word: {@code nul}, ..., {@code handshake_failed}, {@code rejected}. */
    public String label() {
        return label;
    }

    /** The metric's label value: as {@link #label()}, but {@code handshake} for a failed handshake. */
    public String metricLabel() {
        return this == HANDSHAKE_FAILED ? "handshake" : label;
    }
}
