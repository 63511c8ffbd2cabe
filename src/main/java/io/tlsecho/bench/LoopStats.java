package io.tlsecho.bench;

import io.tlsecho.tls.Failures;
import org.HdrHistogram.Histogram;

/**
 * The figures of one event loop's connections, written only by that loop's thread, so the hot
 * path takes no lock; counters other threads read for progress are volatile.
 */
final class LoopStats {

    private final Histogram latency = new Histogram(3);
    private final long[] errors = new long[Failures.Kind.values().length];
    private volatile long completed;
    private long requests;
    private volatile long failures;
    private long mismatches;
    private long resumed;
    private long full;

    /** A request that took {@code nanos}; it counts in the figures when {@code measured}. */
    void request(long nanos, boolean measured) {
        completed++;
        if (measured) {
            latency.recordValue(nanos);
            requests++;
        }
    }

    void error(Failures.Kind kind) {
        errors[kind.ordinal()]++;
        failures++;
    }

    void mismatch() {
        mismatches++;
        failures++;
    }

    void handshake(boolean wasResumed) {
        if (wasResumed) {
            resumed++;
        } else {
            full++;
        }
    }

    /** Requests completed so far, warm-up included; safe from any thread. */
    long completed() {
        return completed;
    }

    /** Errors and mismatches so far; safe from any thread. */
    long failures() {
        return failures;
    }

    /** Adds this loop's figures to {@code into}; call on the loop's thread. */
    void addTo(Totals into) {
        into.add(latency, requests, errors, mismatches, resumed, full);
    }
}
