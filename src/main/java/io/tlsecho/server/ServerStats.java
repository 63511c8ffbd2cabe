package io.tlsecho.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what a server has done, safe to read from any thread. */
public final class ServerStats {

    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder handshakeFailures = new LongAdder();
    private final LongAdder idleClosed = new LongAdder();
    private final LongAdder bytesEchoed = new LongAdder();
    private final AtomicInteger handshakesInFlight = new AtomicInteger();
    private final LongAdder acceptPauses = new LongAdder();
    private volatile boolean acceptPaused;
    private final LongAdder proxyHeaderRejected = new LongAdder();

    boolean tryOpen(int max) {
        while (true) {
            int n = open.get();
            if (n >= max) {
                rejected.increment();
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                accepted.increment();
                return true;
            }
        }
    }

    void closed() {
        open.decrementAndGet();
    }

    void handshakeStarted() {
        handshakesInFlight.incrementAndGet();
    }

    void handshakeEnded() {
        handshakesInFlight.decrementAndGet();
    }

    void acceptPaused(boolean paused) {
        if (paused) {
            acceptPauses.increment();
        }
        acceptPaused = paused;
    }

    void recordRejected(String reason) {
        if ("proxy_header".equals(reason)) {
            proxyHeaderRejected.increment();
        } else {
            rejected.increment();
        }
    }

    void recordCompleted() {
        completed.increment();
    }

    void recordHandshakeFailure() {
        handshakeFailures.increment();
    }

    void recordIdleClosed() {
        idleClosed.increment();
    }

    void recordEchoed(int bytes) {
        bytesEchoed.add(bytes);
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Connections accepted since start (not counting rejected ones). */
    public long accepted() {
        return accepted.sum();
    }

    /** Connections closed on arrival because {@code maxConnections} were open. */
    public long rejected() {
        return rejected.sum();
    }

    /** Conversations that ended with a NUL. */
    public long completed() {
        return completed.sum();
    }

    /** Handshakes that failed or timed out. */
    public long handshakeFailures() {
        return handshakeFailures.sum();
    }

    /** Connections closed by the idle timeout. */
    public long idleClosed() {
        return idleClosed.sum();
    }

    /** Payload bytes echoed. */
    public long bytesEchoed() {
        return bytesEchoed.sum();
    }

    /**
     * Connections accepted whose PROXY header or TLS handshake has not ended yet; at most
     * {@code maxHandshakes}.
     */
    public int handshakesInFlight() {
        return handshakesInFlight.get();
    }

    /** Times the server stopped accepting because {@code maxHandshakes} were in flight. */
    public long acceptPauses() {
        return acceptPauses.sum();
    }

    /** Whether the server is not accepting now, because {@code maxHandshakes} are in flight. */
    public boolean acceptPaused() {
        return acceptPaused;
    }

    /** Connections closed because they did not start with the PROXY header expected. */
    public long proxyHeaderRejected() {
        return proxyHeaderRejected.sum();
    }
}
