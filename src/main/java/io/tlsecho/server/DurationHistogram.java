package io.tlsecho.server;

import java.util.concurrent.atomic.LongAdder;

/** Durations counted into fixed buckets, without a lock or an allocation per record. */
public final class DurationHistogram {

    /** Bucket upper bounds, in seconds; the last bucket is +Inf. */
    static final double[] BOUNDS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length];

    static {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
        }
    }

    private final LongAdder[] buckets = new LongAdder[BOUNDS_SECONDS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    DurationHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(nanos);
    }

    /** How many fell in bucket {@code i} alone (not cumulative); the last is above every bound. */
    long bucket(int i) {
        return buckets[i].sum();
    }

    /** How many durations were recorded. */
    public long count() {
        long n = 0;
        for (LongAdder b : buckets) {
            n += b.sum();
        }
        return n;
    }

    /** Their sum, in seconds. */
    public double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }
}
