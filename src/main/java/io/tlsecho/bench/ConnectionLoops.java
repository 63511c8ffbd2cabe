package io.tlsecho.bench;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps N connections going while the run runs: each one that ends is replaced at once (open
 * model: when the next request of its loop is due), or after a short pause when it failed before
 * getting anywhere, so a refusing server is not hammered.
 */
final class ConnectionLoops {

    /** Makes the handler of a loop's next connection. */
    interface Handlers {
        /** {@code schedule}: the loop's due times (null: closed model); {@code dueNanos}: when this connection was due. */
        BenchHandler create(Schedule schedule, long dueNanos);
    }

    private static final long RETRY_PAUSE_MILLIS = 100;

    private final Connector connector;
    private final BenchRun run;
    private final EventLoopGroup group;
    private final Handlers handlers;
    private final boolean connectionPerRequest;
    private final AtomicInteger live = new AtomicInteger();

    /** {@code connectionPerRequest}: each connection is one request, due by the schedule (session, handshake). */
    ConnectionLoops(Connector connector, BenchRun run, EventLoopGroup group, boolean connectionPerRequest,
                    Handlers handlers) {
        this.connector = connector;
        this.run = run;
        this.group = group;
        this.connectionPerRequest = connectionPerRequest;
        this.handlers = handlers;
    }

    /** Starts one loop per schedule, or {@code n} loops in the closed model ({@code schedules} null). */
    void start(int n, Schedule[] schedules) {
        live.addAndGet(n);
        for (int i = 0; i < n; i++) {
            open(schedules == null ? null : schedules[i]);
        }
    }

    /** Loops whose last connection has not yet ended, or whose next is on its way. */
    int live() {
        return live.get();
    }

    private void open(Schedule schedule) {
        if (!run.running()) {
            live.decrementAndGet();
            return;
        }
        if (schedule == null || !connectionPerRequest) {
            connect(schedule, System.nanoTime());
            return;
        }
        long due = schedule.take();
        long wait = due - System.nanoTime();
        if (wait <= 0) {
            connect(schedule, due);
            return;
        }
        // Not live while it waits; counted again (before the run is checked) when it is due.
        live.decrementAndGet();
        group.next().schedule(() -> {
            live.incrementAndGet();
            if (!run.running()) {
                live.decrementAndGet();
                return;
            }
            connect(schedule, due);
        }, wait, TimeUnit.NANOSECONDS);
    }

    private void connect(Schedule schedule, long dueNanos) {
        BenchHandler handler = handlers.create(schedule, dueNanos);
        ChannelFuture f = connector.connect(handler);
        f.channel().closeFuture().addListener(c -> {
            if (!run.running()) {
                live.decrementAndGet();
            } else if (handler.succeeded()) {
                open(schedule);
            } else {
                f.channel().eventLoop().schedule(() -> open(schedule), RETRY_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }
}
