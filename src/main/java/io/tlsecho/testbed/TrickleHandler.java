package io.tlsecho.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Sends every byte written through it in its own write and flush: at once ({@code tcp-fragments}, each byte its own
 * TCP segment as TCP_NODELAY is set), or one per interval ({@code trickle}).
 */
final class TrickleHandler extends ChannelOutboundHandlerAdapter {

    private record Pending(ByteBuf bytes, ChannelPromise promise) {
    }

    private final long intervalNanos;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean scheduled;

    TrickleHandler(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf bytes) {
            queue.add(new Pending(bytes, promise));
        } else {
            ctx.write(msg, promise);
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (intervalNanos == 0) {
            while (!queue.isEmpty()) {
                sendOne(ctx);
            }
        } else if (!scheduled && !queue.isEmpty()) {
            scheduled = true;
            ctx.executor().schedule(() -> tick(ctx), intervalNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void tick(ChannelHandlerContext ctx) {
        scheduled = false;
        if (!ctx.channel().isActive()) {
            return;
        }
        sendOne(ctx);
        flush(ctx);
    }

    /** Writes and flushes the next byte; the write's promise completes with its last byte. */
    private void sendOne(ChannelHandlerContext ctx) {
        Pending head = queue.peek();
        if (!head.bytes().isReadable()) {
            queue.poll();
            head.bytes().release();
            head.promise().trySuccess();
            return;
        }
        ByteBuf one = head.bytes().readRetainedSlice(1);
        if (head.bytes().isReadable()) {
            ctx.writeAndFlush(one, ctx.voidPromise());
        } else {
            queue.poll();
            head.bytes().release();
            ctx.writeAndFlush(one, head.promise());
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        for (Pending p; (p = queue.poll()) != null; ) {
            p.bytes().release();
            p.promise().tryFailure(new java.nio.channels.ClosedChannelException());
        }
    }
}
