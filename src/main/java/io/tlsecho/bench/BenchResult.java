package io.tlsecho.bench;

import java.time.Duration;
import java.util.Map;

/**
 * What a bench run measured.
 *
 * @param mode what each connection did
 * @param connections connections (or session loops) at once
 * @param size bytes in each message
 * @param duration the duration asked for (idle: the hold)
 * @param measured the time actually measured (idle: the time to establish every connection)
 * @param requests echoes completed in the measured time (session: whole sessions; idle: connections established)
 * @param errors failures by kind over the whole run, warm-up and drain included
 * @param mismatches echoes that differed from what was sent, over the whole run
 * @param latency per request (idle: per connection, connect to first echo)
 * @param resumed handshakes that resumed a session, over the whole run
 * @param full full handshakes, over the whole run
 * @param cpuNanos this process's CPU time during the measured time
 * @param failedConnections idle mode: connections that were not established
 */
public record BenchResult(BenchMode mode, int connections, int size, Duration duration, Duration measured,
                          long requests, Map<String, Long> errors, long mismatches, Latency latency, long resumed,
                          long full, long cpuNanos, long failedConnections) {

    public BenchResult {
        errors = Map.copyOf(errors);
    }

    /** Requests per second of measured time (idle: connections established per second). */
    public double rps() {
        return requests / seconds();
    }

    /** Payload bytes echoed per second, in 10^6 bytes; each direction carries this much, counted once. */
    public double mbps() {
        return requests * (double) size / seconds() / 1e6;
    }

    /** Client CPU time per request, in microseconds. */
    public double cpuPerRequestMicros() {
        return requests == 0 ? 0 : cpuNanos / 1e3 / requests;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether any request failed or came back wrong. */
    public boolean failed() {
        return errorCount() > 0 || mismatches > 0 || failedConnections > 0;
    }

    private double seconds() {
        return Math.max(measured.toNanos(), 1) / 1e9;
    }
}
