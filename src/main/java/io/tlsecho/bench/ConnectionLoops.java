package io.tlsecho.bench;

import io.netty.channel.ChannelFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Keeps N connections going while the run runs: each one that ends is replaced at once, or after
 * a short pause when it failed before getting anywhere, so a refusing server is not hammered.
 */
final class ConnectionLoops {

    private static final long RETRY_PAUSE_MILLIS = 100;

    private final Connector connector;
    private final BenchRun run;
    private final Supplier<BenchHandler> handlers;
    private final AtomicInteger live = new AtomicInteger();

    ConnectionLoops(Connector connector, BenchRun run, Supplier<BenchHandler> handlers) {
        this.connector = connector;
        this.run = run;
        this.handlers = handlers;
    }

    /** Starts {@code n} loops. */
    void start(int n) {
        live.addAndGet(n);
        for (int i = 0; i < n; i++) {
            open();
        }
    }

    /** Loops whose last connection has not yet ended. */
    int live() {
        return live.get();
    }

    private void open() {
        if (!run.running()) {
            live.decrementAndGet();
            return;
        }
        BenchHandler handler = handlers.get();
        ChannelFuture f = connector.connect(handler);
        f.channel().closeFuture().addListener(c -> {
            if (!run.running()) {
                live.decrementAndGet();
            } else if (handler.succeeded()) {
                open();
            } else {
                f.channel().eventLoop().schedule(this::open, RETRY_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }
}
