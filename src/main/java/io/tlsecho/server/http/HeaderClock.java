package io.tlsecho.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.tlsecho.server.CloseReason;
import io.tlsecho.server.ConnectionRecord;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The header timeout of one HTTP connection, HTTP/1.1 or HTTP/2: a header block must be complete within
 * the limit once its first byte has arrived, or the client is cut off (counted as {@code slow_headers} and
 * logged). A timer is set only when a read ends with a header block still incomplete, so a client that
 * sends its headers whole costs none.
 */
final class HeaderClock {

    private final long timeoutNanos;
    private final HttpStats stats;
    private final String what;
    private boolean running;
    private long since;
    private ScheduledFuture<?> timer;

    /** {@code what} names the incomplete thing in the log line, e.g. {@code request headers}. */
    HeaderClock(Duration timeout, HttpStats stats, String what) {
        this.timeoutNanos = timeout.toNanos();
        this.stats = stats;
        this.what = what;
    }

    /** A header block has begun (its first byte arrived); no-op while one is already timed. */
    void start() {
        if (!running) {
            running = true;
            since = System.nanoTime();
        }
    }

    /** The header block is complete. */
    void stop() {
        running = false;
    }

    /** Whether a header block is being timed. */
    boolean running() {
        return running;
    }

    /** At the end of a read: if a header block is still incomplete, makes sure a timer will look at it. */
    void readDone(ChannelHandlerContext ctx) {
        if (running && timer == null) {
            schedule(ctx, since + timeoutNanos - System.nanoTime());
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> expired(ctx), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void expired(ChannelHandlerContext ctx) {
        timer = null;
        if (!running || !ctx.channel().isActive()) {
            return;
        }
        long left = since + timeoutNanos - System.nanoTime();
        if (left > 0) {
            // Another header block, begun after the one this timer was set for.
            schedule(ctx, left);
            return;
        }
        running = false;
        stats.cutOff("slow_headers");
        ConnectionRecord record = ConnectionRecord.of(ctx.channel());
        if (record != null) {
            record.closeReason(CloseReason.IDLE);
            record.log().warn("{} not complete after {} ms, closing connection (slow client)", what,
                    TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        }
        ctx.close();
    }

    /** Cancels the timer (the connection is gone or its handlers removed). */
    void cancel() {
        running = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
