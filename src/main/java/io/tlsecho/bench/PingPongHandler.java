package io.tlsecho.bench;

import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.TimeUnit;

/**
 * Sends the message, waits for the whole echo, records the round trip, and repeats until the run
 * stops. In the open model each message waits for its due time, and one due while the last is
 * still out goes as soon as that one is back, the wait counted in its latency.
 */
final class PingPongHandler extends BenchHandler {

    private final Schedule schedule;
    private long sentNanos;
    private long dueNanos;

    /** {@code schedule}: the loop's due times (null: closed model). */
    PingPongHandler(BenchRun run, Schedule schedule) {
        super(run);
        this.schedule = schedule;
    }

    @Override
    void handshaken(ChannelHandlerContext ctx) {
        if (!run.running()) {
            // The run ended while this connection was handshaking: nothing to measure, so just the NUL.
            end(ctx);
            return;
        }
        if (schedule != null) {
            schedule.begin(System.nanoTime());
        }
        next(ctx);
    }

    @Override
    void echoed(ChannelHandlerContext ctx) {
        record(sentNanos, dueNanos);
        if (run.running()) {
            next(ctx);
        } else {
            end(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        if (schedule == null) {
            send(ctx, System.nanoTime());
            return;
        }
        long due = schedule.take();
        long wait = due - System.nanoTime();
        if (wait <= 0) {
            send(ctx, due);
        } else {
            ctx.executor().schedule(() -> sendWhenDue(ctx, due), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void sendWhenDue(ChannelHandlerContext ctx, long due) {
        if (failed() || ended || !ctx.channel().isActive()) {
            return;
        }
        if (run.running()) {
            send(ctx, due);
        } else {
            end(ctx);
        }
    }

    private void send(ChannelHandlerContext ctx, long due) {
        dueNanos = due;
        sentNanos = System.nanoTime();
        send(ctx, true);
    }
}
