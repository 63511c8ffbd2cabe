package io.tlsecho.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The state one run shares between its handlers: the phase, the payload, and each loop's figures. */
final class BenchRun {

    /** Where the run is: warming up, measuring, or winding down. */
    enum Phase { WARMUP, MEASURE, STOP }

    private final Map<EventExecutor, LoopStats> stats = new IdentityHashMap<>();
    private final Payload payload;
    private final String peer;
    private volatile Phase phase = Phase.WARMUP;

    BenchRun(EventLoopGroup group, Payload payload, String peer) {
        for (EventExecutor loop : group) {
            stats.put(loop, new LoopStats());
        }
        this.payload = payload;
        this.peer = peer;
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

    /** Starts measuring: requests completed from now on count in the figures. */
    void measure() {
        phase = Phase.MEASURE;
    }

    void stop() {
        phase = Phase.STOP;
    }

    /** Requests completed so far, warm-up included, summed over the loops without stopping them. */
    long completed() {
        return stats.values().stream().mapToLong(LoopStats::completed).sum();
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
