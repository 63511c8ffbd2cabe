package io.tlsecho.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Waits on the calling thread, printing a progress line each second, like wrk. */
final class Ticker {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Consumer<String> out;
    private final long startNanos;
    private final Supplier<String> status;
    private long nextTick;

    /** {@code status} says how things stand; it is asked once a second, on this thread. */
    Ticker(Consumer<String> out, long startNanos, Supplier<String> status) {
        this.out = out;
        this.startNanos = startNanos;
        this.status = status;
        this.nextTick = startNanos + SECOND;
    }

    /** Prints the progress line when one is due; never waits. */
    void poll() {
        long now = System.nanoTime();
        if (now >= nextTick) {
            tick(now);
        }
    }

    /** Waits until {@code deadlineNanos}. */
    void sleepUntil(long deadlineNanos) throws InterruptedException {
        sleepUntil(deadlineNanos, () -> false);
    }

    /** Waits until {@code deadlineNanos}, or until {@code done} holds; checks it every 10 ms. */
    void sleepUntil(long deadlineNanos, java.util.function.BooleanSupplier done) throws InterruptedException {
        long now;
        while ((now = System.nanoTime()) < deadlineNanos && !done.getAsBoolean()) {
            if (now >= nextTick) {
                tick(now);
            }
            long wake = Math.min(Math.min(nextTick, deadlineNanos), now + TimeUnit.MILLISECONDS.toNanos(10));
            TimeUnit.NANOSECONDS.sleep(Math.max(wake - now, 1));
        }
    }

    private void tick(long now) {
        out.accept(String.format("[%5.1fs] %s", (now - startNanos) / 1e9, status.get()));
        while (nextTick <= now) {
            nextTick += SECOND;
        }
    }
}
