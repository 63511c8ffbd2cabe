package io.tlsecho.server;

import io.tlsecho.config.Settings;
import java.time.Duration;

/**
 * How much a server lets its connections take: time for each stage, how many at once, and unsent bytes each.
 *
 * @param handshakeTimeout how long a TLS handshake (and a PROXY header) may take
 * @param idleTimeout how long a connection may pass no byte either way
 * @param drainTimeout on close, how long open conversations may go on before they are cut; 0: cut at once
 * @param maxConnections how many connections may be open at once; more are closed at once
 * @param maxHandshakes handshakes in flight at once; at the bound the server stops accepting
 * @param writeBufferHighWaterMark bytes of unsent echo per connection at which reading pauses
 */
public record Limits(Duration handshakeTimeout, Duration idleTimeout, Duration drainTimeout, int maxConnections,
                     int maxHandshakes, int writeBufferHighWaterMark) {

    /** Measured with bench/storm.sh; see docs/operating.md, "Handshake storms". */
    static final int MAX_HANDSHAKES_PER_CORE = 8;

    public Limits {
        Settings.requirePositive("handshakeTimeout", handshakeTimeout);
        Settings.requirePositive("idleTimeout", idleTimeout);
        Settings.requireNotNegative("drainTimeout", drainTimeout);
        Settings.requireRange("maxConnections", maxConnections, 1, Integer.MAX_VALUE);
        Settings.requireRange("maxHandshakes", maxHandshakes, 1, Integer.MAX_VALUE);
        Settings.requireRange("writeBufferHighWaterMark", writeBufferHighWaterMark, 1024, Integer.MAX_VALUE);
    }

    /** Handshakes in flight by default: {@value #MAX_HANDSHAKES_PER_CORE} per core. */
    public static int defaultMaxHandshakes() {
        return MAX_HANDSHAKES_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration drainTimeout = Duration.ofSeconds(5);
        private int maxConnections = 10_000;
        private int maxHandshakes = defaultMaxHandshakes();
        private int writeBufferHighWaterMark = 64 * 1024;

        private Builder() {
        }

        /** Time allowed for a TLS handshake, more than 0. Default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Time a connection may pass no byte either way, more than 0. Default 60 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** Time open conversations get to finish when the server closes; 0 cuts them at once. Default 5 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** Connections open at once, at least 1; more are closed on arrival. Default 10,000. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Handshakes in flight at once, at least 1; at the bound the server stops accepting and new connections
         * wait in the kernel's accept queue; {@link Integer#MAX_VALUE} for no bound. Default
         * {@link #defaultMaxHandshakes()}, 8 per core.
         */
        public Builder maxHandshakes(int maxHandshakes) {
            this.maxHandshakes = maxHandshakes;
            return this;
        }

        /** Unsent echo bytes per connection at which reading pauses, at least 1024. Default 64 KiB. */
        public Builder writeBufferHighWaterMark(int bytes) {
            this.writeBufferHighWaterMark = bytes;
            return this;
        }

        public Limits build() {
            return new Limits(handshakeTimeout, idleTimeout, drainTimeout, maxConnections, maxHandshakes,
                    writeBufferHighWaterMark);
        }
    }
}
