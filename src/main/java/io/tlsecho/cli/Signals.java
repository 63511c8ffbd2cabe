package io.tlsecho.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/** Waits for SIGINT or SIGTERM, so a server can shut down in order and exit 0. */
final class Signals {

    private final CountDownLatch stop = new CountDownLatch(1);

    /** Installs handlers for INT and TERM, and runs {@code onHangup} on HUP. */
    Signals(Runnable onHangup) {
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        if (onHangup != null) {
            Signal.handle(new Signal("HUP"), s -> onHangup.run());
        }
    }

    void awaitStop() throws InterruptedException {
        stop.await();
    }
}
