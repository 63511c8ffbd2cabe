package io.tlsecho.bench;

import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The end of a run: lets open conversations finish, then cuts the rest and counts them as timed out. */
final class Drain {

    private Drain() {
    }

    /** Waits up to the drain timeout for {@code finished}, then cuts what is still open. */
    static void await(Ticker ticker, BenchConfig config, Connector connector, BooleanSupplier finished)
            throws InterruptedException {
        ticker.sleepUntil(System.nanoTime() + config.drainTimeout().toNanos(), finished);
        for (Channel ch : connector.open()) {
            ch.pipeline().fireUserEventTriggered(BenchEvent.CUT);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        ticker.sleepUntil(deadline, () -> connector.open().isEmpty() && finished.getAsBoolean());
    }
}
