package io.tlsecho.server;

import java.util.Locale;

/** Why a connection was refused: the {@code reason} of {@code tlsecho_connections_rejected_total}. */
public enum RejectReason {
    /** {@code maxConnections} were open already. */
    MAX_CONNECTIONS,
    /** The PROXY protocol header was missing, malformed or late. */
    PROXY_HEADER;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
