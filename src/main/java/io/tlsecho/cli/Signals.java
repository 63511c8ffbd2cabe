package io.tlsecho.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Waits for SIGINT or SIGTERM, so a server can shut down in order and exit 0. */
final class Signals {

    private final CountDownLatch stop = new CountDownLatch(1);
    private final boolean hangupIgnored;

    /** Installs handlers for INT and TERM, and runs {@code onHangup} on HUP. */
    Signals(Runnable onHangup) {
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        // The JVM leaves a signal its parent ignored (nohup, some supervisors) ignored, installs nothing, and says
        // so only by handing back SIG_IGN as the previous handler.
        hangupIgnored = onHangup != null
                && Signal.handle(new Signal("HUP"), s -> onHangup.run()) == SignalHandler.SIG_IGN;
    }

    /** Whether HUP was ignored when this process started, so that {@code onHangup} never runs. */
    boolean hangupIgnored() {
        return hangupIgnored;
    }

    void awaitStop() throws InterruptedException {
        stop.await();
    }
}
