package io.tlsecho.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * While open, the first SIGINT (Ctrl-C) runs an action instead of ending the process, and a second one exits 130 at
 * once; closing puts the previous handler back.
 */
final class CtrlC implements AutoCloseable {

    private static final Signal INT = new Signal("INT");

    private final SignalHandler previous;

    private CtrlC(Runnable first) {
        boolean[] seen = new boolean[1];
        previous = handle(s -> {
            synchronized (seen) {
                if (seen[0]) {
                    Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
                }
                seen[0] = true;
            }
            first.run();
        });
    }

    /** Runs {@code first} on the first SIGINT. */
    static CtrlC install(Runnable first) {
        return new CtrlC(first);
    }

    @Override
    public void close() {
        if (previous != null) {
            handle(previous);
        }
    }

    /** Installs {@code handler}; returns the one before it, or null when the JVM keeps SIGINT (as under -Xrs). */
    private static SignalHandler handle(SignalHandler handler) {
        try {
            return Signal.handle(INT, handler);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
