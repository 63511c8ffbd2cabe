package io.tlsecho.bench;

/**
 * When the requests of one connection loop are due in the open model: one every interval, from a
 * start of its own, so that the loops together send at the rate asked for. A request's latency is
 * measured from the time it was due, so a server that stalls cannot hide its stall by slowing
 * the load down (coordinated omission).
 */
final class Schedule {

    private final long intervalNanos;
    private long next;
    private boolean started;
    private volatile boolean skipping;
    private volatile long skipBefore;

    /** Requests due every {@code intervalNanos} from {@code firstNanos}. */
    Schedule(long firstNanos, long intervalNanos) {
        this.next = firstNanos;
        this.intervalNanos = intervalNanos;
    }

    /** The loops of {@code rate} requests/s over {@code loops} loops from {@code startNanos}, staggered evenly. */
    static Schedule[] of(double rate, int loops, long startNanos) {
        double interval = loops * 1e9 / rate;
        Schedule[] s = new Schedule[loops];
        for (int i = 0; i < loops; i++) {
            s[i] = new Schedule(startNanos + Math.round(i * interval / loops), Math.max(1, Math.round(interval)));
        }
        return s;
    }

    /**
     * Begins the schedule no earlier than {@code nowNanos}: a connection that took long to
     * connect begins its requests then, not behind; later calls do nothing.
     */
    void begin(long nowNanos) {
        if (!started) {
            started = true;
            next = Math.max(next, nowNanos);
        }
    }

    /**
     * Drops the requests due before {@code nanos} that have not been sent (the backlog of a
     * warm-up, when the JVM was still compiling); any thread may call it.
     */
    void skipBefore(long nanos) {
        skipBefore = nanos;
        skipping = true;
    }

    /** When the next request is due; moves on to the one after. */
    long take() {
        started = true;
        if (skipping) {
            skipping = false;
            if (next < skipBefore) {
                // Keep the loop's place in the interval, so the loops stay evenly staggered.
                next += (skipBefore - next + intervalNanos - 1) / intervalNanos * intervalNanos;
            }
        }
        long due = next;
        next += intervalNanos;
        return due;
    }
}
