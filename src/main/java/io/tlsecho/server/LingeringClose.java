package io.tlsecho.server;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection the way a careful server does: first only our sending side (FIN after
 * everything written, close_notify and alerts included), then reading and discarding until the
 * peer closes too, or a short time passes.
 *
 * <p>Closing at once, with the peer's bytes still arriving, makes the kernel answer with a reset
 * that can destroy what the peer has not read yet: the end of an echo, or the alert that says
 * why a handshake failed.
 */
final class LingeringClose extends ChannelDuplexHandler {

    private final long lingerMillis;
    private boolean holdingFlushes;
    /** A flush was held: the close owes it. */
    private boolean flushOwed;
    private ChannelPromise closing;
    private ScheduledFuture<?> deadline;

    LingeringClose(long lingerMillis) {
        this.lingerMillis = lingerMillis;
    }

    /**
     * Flushes what {@code ctx}'s handler wrote and closes, the one through the other: the flush stops here and the
     * close makes it, so with TLS the close_notify leaves in the same write. Whether the pipeline has a lingering
     * close to do so; without one nothing is done.
     */
    static boolean flushAndClose(ChannelHandlerContext ctx) {
        LingeringClose linger = ctx.pipeline().get(LingeringClose.class);
        if (linger == null) {
            return false;
        }
        linger.holdingFlushes = true;
        try {
            ctx.flush();
        } finally {
            linger.holdingFlushes = false;
        }
        ctx.close();
        return true;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (holdingFlushes) {
            flushOwed = true;
        } else {
            flushOwed = false;
            ctx.flush();
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (flushOwed) {
            flushOwed = false;
            ctx.flush();
        }
        if (closing != null) {
            closing.addListener(f -> promise.trySuccess());
            return;
        }
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !duplex.isActive() || duplex.isInputShutdown()) {
            ctx.close(promise);
            return;
        }
        closing = promise;
        // The peer's end of stream now closes the channel at once: with half-closure on, the transport would shut
        // our input down first, which on a socket closed both ways fails (ENOTCONN, an exception built each time).
        duplex.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
        ChannelOutboundBuffer queued = duplex.unsafe().outboundBuffer();
        if (queued != null && !queued.isEmpty()) {
            // io_uring completes a write after its flush returns: the alert or close_notify just flushed may still be
            // on its way, and a FIN now would cut it off (the peer would get no alert). Writes complete in order.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> halfClose(ctx, duplex));
        } else {
            halfClose(ctx, duplex);
        }
    }

    private void halfClose(ChannelHandlerContext ctx, DuplexChannel duplex) {
        shutdownOutput(ctx, duplex).addListener(f -> {
            if (!f.isSuccess()) {
                finish(ctx);
                return;
            }
            deadline = ctx.executor().schedule(() -> finish(ctx), lingerMillis, TimeUnit.MILLISECONDS);
            ctx.channel().config().setAutoRead(true);
            ctx.read();
        });
    }

    /**
     * Our FIN. On epoll and io_uring, straight on the socket: Netty's own {@code shutdownOutput()} also fails the
     * writes still queued, with an exception it builds (stack trace and all) whether or not any are queued, and that
     * was 3.7% of the server's CPU time for short sessions. None are queued here (see close). The channel reads the
     * socket's state, so it sees its output shut.
     */
    private static ChannelFuture shutdownOutput(ChannelHandlerContext ctx, DuplexChannel duplex) {
        if (duplex instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
                return ctx.newSucceededFuture();
            } catch (IOException e) {
                return ctx.newFailedFuture(e);
            }
        }
        return duplex.shutdownOutput();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing != null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (closing != null && evt == ChannelInputShutdownEvent.INSTANCE) {
            finish(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (closing != null) {
            // Closed by the transport when the peer's end of stream came: the close asked for is done.
            closing.trySuccess();
        }
        ctx.fireChannelInactive();
    }

    private void finish(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        ctx.close(closing);
    }
}
