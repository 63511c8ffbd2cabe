package io.tlsecho.bench;

import io.tlsecho.tls.Failures;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The figures of one event loop's connections, written only by that loop's thread, so the hot
 * path takes no lock; counters other threads read for progress are volatile.
 */
final class LoopStats {

    private final Histogram latency = new Histogram(3);
    private final Histogram uncorrected = new Histogram(3);
    private final SingleWriterRecorder intervals;
    private final long[] errors = new long[Failures.Kind.values().length];
    private final Failures.Failure[] firstErrors = new Failures.Failure[Failures.Kind.values().length];
    private final long[] firstErrorNanos = new long[Failures.Kind.values().length];
    private final Map<String, Long> protocols = new HashMap<>();
    private final Map<String, Long> ciphers = new HashMap<>();
    private final Map<String, Long> groups = new HashMap<>();
    private volatile long completed;
    private volatile long requests;
    private volatile long failures;
    private long mismatches;
    private String firstMismatch;
    private long firstMismatchNanos;
    private long resumed;
    private long full;

    /** {@code intervals}: also records each measured latency there, for the interval log (null: no log). */
    LoopStats(SingleWriterRecorder intervals) {
        this.intervals = intervals;
    }

    /**
     * A request that took {@code nanos} from when it was due, and {@code uncorrectedNanos} from
     * when it was sent (negative: closed model, where the two are one); it counts in the figures
     * when {@code measured}.
     */
    void request(long nanos, long uncorrectedNanos, boolean measured) {
        completed++;
        if (measured) {
            latency.recordValue(nanos);
            if (uncorrectedNanos >= 0) {
                uncorrected.recordValue(uncorrectedNanos);
            }
            if (intervals != null) {
                intervals.recordValue(nanos);
            }
            requests++;
        }
    }

    /** A failed request or connection; the first of each kind is kept whole, as the user will read it. */
    void error(Failures.Failure failure) {
        int k = failure.kind().ordinal();
        if (errors[k]++ == 0) {
            firstErrors[k] = failure;
            firstErrorNanos[k] = System.nanoTime();
        }
        failures++;
    }

    /** An echo that differed from what was sent; {@code what} says where. */
    void mismatch(String what) {
        if (mismatches++ == 0) {
            firstMismatch = what;
            firstMismatchNanos = System.nanoTime();
        }
        failures++;
    }

    /** A completed handshake and what it negotiated. */
    void handshake(boolean wasResumed, String protocol, String cipher, String group) {
        if (wasResumed) {
            resumed++;
        } else {
            full++;
        }
        protocols.merge(protocol, 1L, Long::sum);
        ciphers.merge(cipher, 1L, Long::sum);
        groups.merge(group, 1L, Long::sum);
    }

    /** Requests completed so far, warm-up included; safe from any thread. */
    long completed() {
        return completed;
    }

    /** Measured requests so far; safe from any thread. */
    long requests() {
        return requests;
    }

    /** Errors and mismatches so far; safe from any thread. */
    long failures() {
        return failures;
    }

    /** Adds this loop's figures to {@code into}; call on the loop's thread. */
    void addTo(Totals into) {
        into.add(latency, uncorrected, requests, errors, mismatches, resumed, full, protocols, ciphers, groups);
        into.firsts(firstErrors, firstErrorNanos, firstMismatch, firstMismatchNanos);
    }
}
