package io.tlsecho.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a bench run measured.
 *
 * @param config what was asked for: the target, the mode and the load
 * @param started when the run began (the wall clock)
 * @param measured the time actually measured (idle: the time to establish every connection)
 * @param requests echoes completed in the measured time (session: whole sessions; handshake:
 *     handshakes; idle: connections established)
 * @param errors failures by kind over the whole run, warm-up and drain included, in the kinds' order
 * @param firstErrors the first failure of each kind, worded as {@code client} words it, in the kinds' order
 * @param mismatches echoes that differed from what was sent, over the whole run
 * @param firstMismatch where the first of them differed (null when none did)
 * @param latency per request, from when it was due in the open model (idle: per connection,
 *     connect to first echo)
 * @param uncorrected open model: per request, from when it was actually sent; null in the closed model
 * @param resumed handshakes that resumed a session: in handshake mode the measured ones, else over the whole run
 * @param full full handshakes, counted as {@code resumed} is
 * @param negotiated what those handshakes negotiated
 * @param cpuNanos this process's CPU time during the measured time
 * @param failedConnections idle mode: connections that were not established
 * @param stoppedEarly why the run ended before its duration or request limit (nothing succeeded, interrupted),
 *     or null when it ran its course
 */
public record BenchResult(BenchConfig config, Instant started, Duration measured, long requests,
                          Map<String, Long> errors, Map<String, String> firstErrors, long mismatches,
                          String firstMismatch, Latency latency, Latency uncorrected, long resumed, long full,
                          Negotiated negotiated, long cpuNanos, long failedConnections, String stoppedEarly) {

    public BenchResult {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(started, "started");
        errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
        firstErrors = Collections.unmodifiableMap(new LinkedHashMap<>(firstErrors));
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(negotiated, "negotiated");
    }

    public BenchMode mode() {
        return config.mode();
    }

    public int connections() {
        return config.connections();
    }

    /** Bytes in each message. */
    public int size() {
        return config.size();
    }

    /** The duration asked for (idle: the hold). */
    public Duration duration() {
        return config.duration();
    }

    /** Open model: the rate asked for, requests per second; 0 in the closed model. */
    public double targetRps() {
        return config.rate();
    }

    /** Whether sessions were to be resumed. */
    public boolean resume() {
        return config.resume();
    }

    /** Requests per second of measured time (idle: connections established per second): the achieved rate. */
    public double rps() {
        return requests / seconds();
    }

    /** Whether this was an open-model run, at a target rate. */
    public boolean openModel() {
        return config.openModel();
    }

    /** Open model: whether the achieved rate came within 5% of the target. */
    public boolean rateReached() {
        return !openModel() || rps() >= 0.95 * targetRps();
    }

    /** Payload bytes echoed per second, in 10^6 bytes; each direction carries this much, counted once. */
    public double mbps() {
        return mode() == BenchMode.HANDSHAKE ? 0 : requests * (double) size() / seconds() / 1e6;
    }

    /** Client CPU time per request, in microseconds. */
    public double cpuPerRequestMicros() {
        return requests == 0 ? 0 : cpuNanos / 1e3 / requests;
    }

    /** The share of handshakes that resumed a session, 0 to 1 (0 when there were none). */
    public double resumedFraction() {
        return resumed + full == 0 ? 0 : resumed / (double) (resumed + full);
    }

    /**
     * Whether resumption was asked for and the server never resumed, though there were more
     * handshakes than connections at once (the first of each can only be full).
     */
    public boolean neverResumed() {
        return resume() && resumed == 0 && full > connections();
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether any request failed or came back wrong, or the server never resumed when asked. */
    public boolean failed() {
        return errorCount() > 0 || mismatches > 0 || failedConnections > 0 || neverResumed();
    }

    private double seconds() {
        return Math.max(measured.toNanos(), 1) / 1e9;
    }
}
