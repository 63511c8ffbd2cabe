package io.tlsecho.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.HdrHistogram.SingleWriterRecorder;

/** The state one run shares between its handlers: the phase, the payload, and each loop's figures. */
final class BenchRun {

    /** Where the run is: warming up, measuring, or winding down. */
    enum Phase { WARMUP, MEASURE, STOP }

    private final Map<EventExecutor, LoopStats> stats = new IdentityHashMap<>();
    private final List<SingleWriterRecorder> recorders = new ArrayList<>();
    private final Payload payload;
    private final String peer;
    private final boolean openModel;
    private final AtomicLong left;
    private volatile Phase phase = Phase.WARMUP;
    private volatile String stoppedEarly;

    /**
     * {@code limit}: measured requests after which the run is over (0: none); {@code intervals}:
     * whether each loop also records intervals for the log.
     */
    BenchRun(EventLoopGroup group, Payload payload, String peer, boolean openModel, long limit, boolean intervals) {
        for (EventExecutor loop : group) {
            SingleWriterRecorder recorder = intervals ? new SingleWriterRecorder(3) : null;
            if (recorder != null) {
                recorders.add(recorder);
            }
            stats.put(loop, new LoopStats(recorder));
        }
        this.payload = payload;
        this.peer = peer;
        this.openModel = openModel;
        this.left = limit > 0 ? new AtomicLong(limit) : null;
    }

    /** The figures of {@code loop}; only its own thread writes them. */
    LoopStats stats(EventExecutor loop) {
        return stats.get(loop);
    }

    Payload payload() {
        return payload;
    }

    /** The server, named for failure messages. */
    String peer() {
        return peer;
    }

    boolean running() {
        return phase != Phase.STOP;
    }

    boolean measuring() {
        return phase == Phase.MEASURE;
    }

    /** Open model: latency is measured from when each request was due, and also from when it was sent. */
    boolean openModel() {
        return openModel;
    }

    /**
     * Whether a request completing now counts in the figures: while measuring, and within the
     * request limit (exactly that many count). Call once per completed request.
     */
    boolean counts() {
        return phase == Phase.MEASURE && (left == null || left.getAndDecrement() > 0);
    }

    /** Whether the request limit has been reached. */
    boolean limitReached() {
        return left != null && left.get() <= 0;
    }

    /** The loops' interval recorders (empty without an interval log). */
    List<SingleWriterRecorder> recorders() {
        return recorders;
    }

    /** Starts measuring: requests completed from now on count in the figures. */
    void measure() {
        phase = Phase.MEASURE;
    }

    void stop() {
        phase = Phase.STOP;
    }

    /** Ends the run before its time, for {@code why} (e.g. {@code interrupted}); the first reason given is kept. */
    synchronized void stopEarly(String why) {
        if (stoppedEarly == null) {
            stoppedEarly = why;
        }
    }

    /** Why the run was ended before its time, or null when it ran its course. */
    String stoppedEarly() {
        return stoppedEarly;
    }

    /** Whether nothing has succeeded yet and something has failed. */
    boolean nothingSucceeded() {
        return completed() == 0 && failures() > 0;
    }

    /** Requests completed so far, warm-up included, summed over the loops without stopping them. */
    long completed() {
        return stats.values().stream().mapToLong(LoopStats::completed).sum();
    }

    /** Measured requests so far. */
    long requests() {
        return stats.values().stream().mapToLong(LoopStats::requests).sum();
    }

    /** Errors and mismatches so far. */
    long failures() {
        return stats.values().stream().mapToLong(LoopStats::failures).sum();
    }

    /** Every loop's figures, merged on the loops' own threads. */
    Totals totals() throws InterruptedException {
        Totals t = new Totals();
        onEachLoop(s -> s.addTo(t));
        return t;
    }

    private void onEachLoop(Consumer<LoopStats> task) throws InterruptedException {
        List<Future<?>> done = new ArrayList<>();
        for (Map.Entry<EventExecutor, LoopStats> e : stats.entrySet()) {
            done.add(e.getKey().submit(() -> task.accept(e.getValue())));
        }
        for (Future<?> f : done) {
            f.await();
        }
    }
}
