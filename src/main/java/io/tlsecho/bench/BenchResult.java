package io.tlsecho.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What a bench run measured.
 *
 * @param mode what each connection did
 * @param connections connections (or session loops) at once
 * @param size bytes in each message
 * @param duration the duration asked for (idle: the hold)
 * @param measured the time actually measured (idle: the time to establish every connection)
 * @param requests echoes completed in the measured time (session: whole sessions; handshake:
 *     handshakes; idle: connections established)
 * @param errors failures by kind over the whole run, warm-up and drain included
 * @param mismatches echoes that differed from what was sent, over the whole run
 * @param latency per request, from when it was due in the open model (idle: per connection,
 *     connect to first echo)
 * @param uncorrected open model: per request, from when it was actually sent; null in the closed model
 * @param targetRps open model: the rate asked for, requests per second; 0 in the closed model
 * @param resumed handshakes that resumed a session, over the whole run
 * @param full full handshakes, over the whole run
 * @param resume whether sessions were to be resumed
 * @param negotiated what the handshakes negotiated, over the whole run
 * @param cpuNanos this process's CPU time during the measured time
 * @param failedConnections idle mode: connections that were not established
 */
public record BenchResult(BenchMode mode, int connections, int size, Duration duration, Duration measured,
                          long requests, Map<String, Long> errors, long mismatches, Latency latency,
                          Latency uncorrected, double targetRps, long resumed, long full, boolean resume,
                          Negotiated negotiated, long cpuNanos, long failedConnections) {

    public BenchResult {
        errors = Map.copyOf(errors);
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(negotiated, "negotiated");
    }

    /** Requests per second of measured time (idle: connections established per second): the achieved rate. */
    public double rps() {
        return requests / seconds();
    }

    /** Whether this was an open-model run, at a target rate. */
    public boolean openModel() {
        return targetRps > 0;
    }

    /** Open model: whether the achieved rate came within 5% of the target. */
    public boolean rateReached() {
        return !openModel() || rps() >= 0.95 * targetRps;
    }

    /** Payload bytes echoed per second, in 10^6 bytes; each direction carries this much, counted once. */
    public double mbps() {
        return mode == BenchMode.HANDSHAKE ? 0 : requests * (double) size / seconds() / 1e6;
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
        return resume && resumed == 0 && full > connections;
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
