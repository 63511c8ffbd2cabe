package io.tlsecho.server;

import java.util.concurrent.atomic.AtomicInteger;
import io.tlsecho.server.http.HttpStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what a server has done, safe to read from any thread.
 *
 * <p>Recording costs the event loops no lock and no allocation: every counter is a
 * {@link LongAdder} picked from a fixed array by a bounded label (an enum's ordinal, a protocol's
 * index), and durations go into fixed histogram buckets. {@link ServerMetrics} reads them on a scrape.
 */
public final class ServerStats {

    /** The protocol label values of {@code tlsecho_handshakes_total}; anything else counts as "other". */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1", "other"};

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger handshakesInFlight = new AtomicInteger();
    private final LongAdder acceptPauses = new LongAdder();
    private volatile boolean acceptPaused;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder[] rejected = adders(RejectReason.values().length);
    private final LongAdder[] closed = adders(CloseReason.values().length);
    // [handshakeIndex(protocol, resumed)]
    private final LongAdder[] handshakesOk = adders(PROTOCOLS.length * 2);
    private final LongAdder[] handshakeFailures = adders(HandshakeFailure.values().length);
    private final DurationHistogram handshakeDurations = new DurationHistogram();
    private final LongAdder completed = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesEchoed = new LongAdder();
    private final LongAdder[] reloads = adders(2);
    private final HttpStats http = new HttpStats();

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    private static long sum(LongAdder[] adders) {
        long n = 0;
        for (LongAdder a : adders) {
            n += a.sum();
        }
        return n;
    }

    /** Counts a new connection open unless {@code max} are; a refused one counts as rejected. */
    boolean tryOpen(int max) {
        while (true) {
            int n = open.get();
            if (n >= max) {
                rejected[RejectReason.MAX_CONNECTIONS.ordinal()].increment();
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                accepted.increment();
                return true;
            }
        }
    }

    /** An accepted connection ended for {@code reason} ({@link CloseReason#REJECTED} counts under rejected). */
    void recordClosed(CloseReason reason) {
        open.decrementAndGet();
        if (reason != CloseReason.REJECTED) {
            closed[reason.ordinal()].increment();
        }
    }

    /** An accepted connection was refused after all, e.g. for a bad PROXY header. */
    void recordRejected(RejectReason reason) {
        rejected[reason.ordinal()].increment();
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

    void recordHandshake(String protocol, boolean resumed, long nanos) {
        handshakesOk[handshakeIndex(protocol, resumed)].increment();
        handshakeDurations.record(nanos);
    }

    void recordHandshakeFailure(HandshakeFailure reason) {
        handshakeFailures[reason.ordinal()].increment();
    }

    void recordCompleted() {
        completed.increment();
    }

    void recordReceived(int bytes) {
        bytesReceived.add(bytes);
    }

    void recordEchoed(int bytes) {
        bytesEchoed.add(bytes);
    }

    void recordReload(boolean ok) {
        reloads[ok ? 0 : 1].increment();
    }

    private static int handshakeIndex(String protocol, boolean resumed) {
        return protocolIndex(protocol) * 2 + (resumed ? 1 : 0);
    }

    static int protocolIndex(String protocol) {
        for (int i = 0; i < PROTOCOLS.length - 1; i++) {
            if (PROTOCOLS[i].equals(protocol)) {
                return i;
            }
        }
        return PROTOCOLS.length - 1;
    }

    /** The HTTP side's counts. */
    public HttpStats http() {
        return http;
    }

    /** Connections open now. */
    public int open() {
        return open.get();
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
        return rejected(RejectReason.PROXY_HEADER);
    }

    /** Connections accepted since start (not counting those refused at once). */
    public long accepted() {
        return accepted.sum();
    }

    /** Connections refused, for any reason. */
    public long rejected() {
        return sum(rejected);
    }

    /** Connections refused for {@code reason}. */
    public long rejected(RejectReason reason) {
        return rejected[reason.ordinal()].sum();
    }

    /** Accepted connections that ended for {@code reason} (never {@link CloseReason#REJECTED}). */
    public long closed(CloseReason reason) {
        return closed[reason.ordinal()].sum();
    }

    /** Conversations that ended with a NUL. */
    public long completed() {
        return completed.sum();
    }

    /** Handshakes that completed with {@code protocol} (e.g. {@code TLSv1.3}), resumed or not. */
    public long handshakes(String protocol, boolean resumed) {
        return handshakesOk[handshakeIndex(protocol, resumed)].sum();
    }

    /** Handshakes that completed. */
    public long handshakesOk() {
        return sum(handshakesOk);
    }

    /** Handshakes that failed or timed out. */
    public long handshakeFailures() {
        return sum(handshakeFailures);
    }

    /** Handshakes that failed for {@code reason}. */
    public long handshakeFailures(HandshakeFailure reason) {
        return handshakeFailures[reason.ordinal()].sum();
    }

    /** Durations of completed handshakes. */
    public DurationHistogram handshakeDurations() {
        return handshakeDurations;
    }

    /** Connections closed by the idle timeout. */
    public long idleClosed() {
        return closed(CloseReason.IDLE);
    }

    /** Payload bytes received (after TLS), the NUL and anything after it included. */
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    /** Payload bytes echoed. */
    public long bytesEchoed() {
        return bytesEchoed.sum();
    }

    /** Certificate reloads that succeeded ({@code ok}) or failed. */
    public long reloads(boolean ok) {
        return reloads[ok ? 0 : 1].sum();
    }
}
