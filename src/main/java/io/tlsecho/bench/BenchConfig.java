package io.tlsecho.bench;

import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link Bench} needs, validated once: a value it refuses is an {@link InvalidSettingException} naming
 * the builder method.
 *
 * @param target the server and how to reach it: host, port, trust, TLS settings, transport, timeouts
 * @param mode what each connection does
 * @param connections how many connections (or session loops) run at once
 * @param size bytes in each message
 * @param duration how long to measure (idle: how long to hold the connections)
 * @param warmup how long to run first without measuring (not for idle)
 * @param resume whether session mode resumes TLS sessions
 * @param threads event loop threads
 * @param maxHandshaking idle mode: connections handshaking at once while ramping up
 * @param drainTimeout time connections get to end once the duration is over
 * @param plaintext no TLS: against a server's plain-TCP mode, to measure what TLS costs
 * @param rate open model: requests per second in total, each sent when due (0: closed model)
 * @param requests stop after this many measured requests, or at the end of the duration (0: no limit)
 * @param hdrLog where to write the HdrHistogram interval log of the latencies (null: nowhere)
 */
public record BenchConfig(EchoClientConfig target, BenchMode mode, int connections, int size, Duration duration,
                          Duration warmup, boolean resume, int threads, int maxHandshaking, Duration drainTimeout,
                          boolean plaintext, double rate, long requests, Path hdrLog) {

    public BenchConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        Settings.requireRange("connections", connections, 1, Integer.MAX_VALUE);
        Settings.requireRange("size", size, 1, Integer.MAX_VALUE);
        Settings.requireRange("threads", threads, 1, Integer.MAX_VALUE);
        Settings.requireRange("maxHandshaking", maxHandshaking, 1, Integer.MAX_VALUE);
        Settings.requirePositive("duration", duration);
        Settings.requirePositive("drainTimeout", drainTimeout);
        Settings.requireNotNegative("warmup", warmup);
        if (mode == BenchMode.IDLE && !warmup.isZero()) {
            throw new InvalidSettingException("warmup", warmup, "0 in idle mode, which measures connecting");
        }
        if (resume && plaintext) {
            throw new InvalidSettingException("resume", true, "TLS: plain TCP has no session to resume");
        }
        if (plaintext && mode == BenchMode.HANDSHAKE) {
            throw new InvalidSettingException("plaintext", true, "a mode other than handshake, which measures TLS");
        }
        if (resume && !mode.connectionPerRequest()) {
            throw new InvalidSettingException("resume", true, "session or handshake mode, not " + mode);
        }
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new InvalidSettingException("rate", rate, "> 0 requests per second, or 0 for the closed model");
        }
        requireNotIdle("rate", rate, rate > 0, mode);
        if (requests < 0) {
            throw new InvalidSettingException("requests", requests, ">= 0 (0: no limit)");
        }
        requireNotIdle("hdrLog", hdrLog, hdrLog != null, mode);
        requireNotIdle("requests", requests, requests > 0, mode);
    }

    /** Whether requests are sent at a fixed rate (open model) rather than each after the last (closed). */
    public boolean openModel() {
        return rate > 0;
    }

    /** Idle mode measures connecting: {@code name}, when {@code set}, belongs to the modes that send requests. */
    private static void requireNotIdle(String name, Object value, boolean set, BenchMode mode) {
        if (set && mode == BenchMode.IDLE) {
            throw new InvalidSettingException(name, value, "pingpong, session or handshake mode, not idle");
        }
    }

    /** A builder for a run against {@code target}. */
    public static Builder builder(EchoClientConfig target) {
        return new Builder(target);
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private final EchoClientConfig target;
        private BenchMode mode = BenchMode.PINGPONG;
        private int connections = 1;
        private int size = 1024;
        private Duration duration = Duration.ofSeconds(10);
        private Duration warmup = Duration.ZERO;
        private boolean resume;
        private int threads = Runtime.getRuntime().availableProcessors();
        private int maxHandshaking = 500;
        private Duration drainTimeout = Duration.ofSeconds(10);
        private boolean plaintext;
        private double rate;
        private long requests;
        private Path hdrLog;

        private Builder(EchoClientConfig target) {
            this.target = target;
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

        /** Session and handshake modes: resume TLS sessions. Default false: every handshake is full. */
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

        /** Time connections get to end after the duration; the rest are cut and counted as timeouts. Default 10 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** Plain TCP, no TLS: nothing is encrypted; for measuring only. Default false. */
        public Builder plaintext(boolean plaintext) {
            this.plaintext = plaintext;
            return this;
        }

        /**
         * Open model: {@code rate} requests per second in total, spread evenly over the connections,
         * each sent when due whether or not earlier ones have come back. Default 0: closed model,
         * each connection sends its next request when the last one is done.
         */
        public Builder rate(double rate) {
            this.rate = rate;
            return this;
        }

        /** Stop after this many measured requests, or at the end of the duration, whichever comes first. Default 0: no limit. */
        public Builder requests(long requests) {
            this.requests = requests;
            return this;
        }

        /** Write an HdrHistogram interval log of the latencies here, one interval a second. Default null: none. */
        public Builder hdrLog(Path hdrLog) {
            this.hdrLog = hdrLog;
            return this;
        }

        public BenchConfig build() {
            return new BenchConfig(target, mode, connections, size, duration, warmup, resume, threads, maxHandshaking,
                    drainTimeout, plaintext, rate, requests, hdrLog);
        }
    }
}
