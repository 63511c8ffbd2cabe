package io.tlsecho.bench;

import io.tlsecho.tls.TlsOptions;
import io.tlsecho.transport.Transport;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link Bench} needs, validated once.
 *
 * @param host the server's name or address
 * @param port the server's port
 * @param trusted the certificates to trust, or null for the system's trust store
 * @param trustSource where {@code trusted} came from, for messages
 * @param verifyHostname whether the server's certificate must name the host
 * @param tls protocol versions, ciphers and engine
 * @param transport epoll or NIO
 * @param mode what each connection does
 * @param connections how many connections (or session loops) run at once
 * @param size bytes in each message
 * @param duration how long to measure (idle: how long to hold the connections)
 * @param warmup how long to run first without measuring (not for idle)
 * @param resume whether session mode resumes TLS sessions
 * @param threads event loop threads
 * @param maxHandshaking idle mode: connections handshaking at once while ramping up
 * @param connectTimeout time allowed to connect
 * @param handshakeTimeout time allowed for a TLS handshake
 * @param drainTimeout time connections get to end once the duration is over
 */
public record BenchConfig(String host, int port, List<X509Certificate> trusted, String trustSource,
                          boolean verifyHostname, TlsOptions tls, Transport transport, BenchMode mode,
                          int connections, int size, Duration duration, Duration warmup, boolean resume,
                          int threads, int maxHandshaking, Duration connectTimeout, Duration handshakeTimeout,
                          Duration drainTimeout) {

    public BenchConfig {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        trusted = trusted == null ? null : List.copyOf(trusted);
        Objects.requireNonNull(trustSource, "trustSource");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(mode, "mode");
        requirePositive("connections", connections);
        requirePositive("size", size);
        requirePositive("threads", threads);
        requirePositive("maxHandshaking", maxHandshaking);
        requirePositive("duration", duration);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("drainTimeout", drainTimeout);
        Objects.requireNonNull(warmup, "warmup");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup: " + warmup + " (expected: >= 0)");
        }
        if (mode == BenchMode.IDLE && !warmup.isZero()) {
            throw new IllegalArgumentException("warmup: " + warmup + " (expected: 0 in idle mode, which measures connecting)");
        }
        if (resume && mode != BenchMode.SESSION) {
            throw new IllegalArgumentException("resume: only for session mode (mode: " + mode + ")");
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= 1)");
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 10000;
        private List<X509Certificate> trusted;
        private String trustSource = "the system trust store";
        private boolean verifyHostname = true;
        private TlsOptions tls = TlsOptions.defaults();
        private Transport transport = Transport.auto();
        private BenchMode mode = BenchMode.PINGPONG;
        private int connections = 1;
        private int size = 1024;
        private Duration duration = Duration.ofSeconds(10);
        private Duration warmup = Duration.ZERO;
        private boolean resume;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int maxHandshaking = 500;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration drainTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** The server's name or address. Default {@code localhost}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The server's port. Default 10000. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Certificates to trust, and where they came from. Default: the system's trust store. */
        public Builder trust(List<X509Certificate> certificates, String source) {
            this.trusted = certificates;
            this.trustSource = source;
            return this;
        }

        /** Whether the certificate must name the host. Default true. */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** Protocol settings. Default {@link TlsOptions#defaults()} (OpenSSL where available). */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** The I/O transport. Default {@link Transport#auto()} (epoll where available). */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** What each connection does. Default {@link BenchMode#PINGPONG}. */
        public Builder mode(BenchMode mode) {
            this.mode = mode;
            return this;
        }

        /** Connections (or session loops) at once. Default 1. */
        public Builder connections(int connections) {
            this.connections = connections;
            return this;
        }

        /** Bytes in each message. Default 1024. */
        public Builder size(int size) {
            this.size = size;
            return this;
        }

        /** How long to measure; idle mode: how long to hold. Default 10 s. */
        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** How long to run before measuring. Default 0. */
        public Builder warmup(Duration warmup) {
            this.warmup = warmup;
            return this;
        }

        /** Session mode: resume TLS sessions. Default false: every handshake is full. */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Event loop threads. Default: the number of cores. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Idle mode: connections handshaking at once while ramping up. Default 500. */
        public Builder maxHandshaking(int maxHandshaking) {
            this.maxHandshaking = maxHandshaking;
            return this;
        }

        /** Time allowed to connect. Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Time allowed for a handshake. Default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Time connections get to end after the duration; the rest are cut and counted as timeouts. Default 10 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        public BenchConfig build() {
            return new BenchConfig(host, port, trusted, trustSource, verifyHostname, tls, transport, mode,
                    connections, size, duration, warmup, resume, threads, maxHandshaking, connectTimeout,
                    handshakeTimeout, drainTimeout);
        }
    }
}
