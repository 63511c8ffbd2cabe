package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the handshakes in flight: at the bound the listeners stop accepting, so new connections
 * wait in the kernel's accept queue, and their handshake timeout starts only when they are taken.
 *
 * <p>Sits in each listener's pipeline, before the acceptor. A place is taken when a connection is
 * handed to its pipeline and freed as soon as its handshake ends, either way, or it closes, or
 * when it has sent nothing for {@link #SILENT_GRACE_MILLIS}. The few connections one accept batch
 * takes beyond the bound wait here, unregistered, for a place.
 */
@ChannelHandler.Sharable
final class HandshakeGate extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Place> PLACE = AttributeKey.valueOf("tlsecho.handshakePlace");

    /**
     * A connection that has sent nothing this long after it was taken gives its place up: a silent
     * connection costs no work, and idle connections must not stop the server accepting.
     */
    static final long SILENT_GRACE_MILLIS = 500;

    private final int max;
    private final ServerStats stats;
    // Touched on the listeners' event loop only.
    private final List<ChannelHandlerContext> listeners = new ArrayList<>();
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private volatile boolean paused;
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    private volatile EventExecutor executor;

    /** {@code max} handshakes at once; {@link Integer#MAX_VALUE} only counts them. */
    HandshakeGate(int max, ServerStats stats) {
        this.max = max;
        this.stats = stats;
    }

    /** Frees the place of {@code ch}'s handshake, if it holds one; safe to call more than once. */
    static void release(Channel ch) {
        Place place = ch.attr(PLACE).getAndSet(null);
        if (place != null) {
            place.release();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        executor = ctx.executor();
        listeners.add(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (waiting.isEmpty() && stats.handshakesInFlight() < max) {
            admit(ctx, child);
        } else {
            waiting.add(new Waiting(ctx, child));
            pause();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listeners.remove(ctx);
        waiting.removeIf(w -> {
            if (w.listener == ctx) {
                // Never registered, so it has no event loop to close on: close its socket here, as Netty's
                // acceptor does when a registration fails.
                w.child.unsafe().closeForcibly();
                return true;
            }
            return false;
        });
        ctx.fireChannelInactive();
    }

    private void admit(ChannelHandlerContext listener, Channel child) {
        Place place = new Place();
        stats.handshakeStarted();
        child.attr(PLACE).set(place);
        child.closeFuture().addListener(f -> release(child));
        listener.fireChannelRead(child);
    }

    private void pause() {
        if (!paused) {
            paused = true;
            stats.acceptPaused(true);
            for (ChannelHandlerContext l : listeners) {
                l.channel().config().setAutoRead(false);
            }
        }
        // A place may have been freed before the pause was visible to its owner.
        if (stats.handshakesInFlight() < max) {
            resume();
        }
    }

    private void resume() {
        resumeScheduled.set(false);
        while (!waiting.isEmpty() && stats.handshakesInFlight() < max) {
            Waiting w = waiting.poll();
            admit(w.listener, w.child);
        }
        if (paused && waiting.isEmpty() && stats.handshakesInFlight() < max) {
            paused = false;
            stats.acceptPaused(false);
            for (ChannelHandlerContext l : listeners) {
                l.channel().config().setAutoRead(true);
            }
        }
    }

    private void freed() {
        if (paused && resumeScheduled.compareAndSet(false, true)) {
            executor.execute(this::resume);
        }
    }

    private record Waiting(ChannelHandlerContext listener, Channel child) {
    }

    /** One connection's place; freed once. */
    private final class Place {
        private final AtomicBoolean held = new AtomicBoolean(true);

        void release() {
            if (held.compareAndSet(true, false)) {
                stats.handshakeEnded();
                freed();
            }
        }
    }

    /** Frees the place of a connection still silent after {@link #SILENT_GRACE_MILLIS}; goes first. */
    static final class ReleaseWhileSilent extends ChannelInboundHandlerAdapter {
        private ScheduledFuture<?> timer;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            timer = ctx.executor().schedule(() -> release(ctx.channel()), SILENT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.pipeline().remove(this);
            ctx.fireChannelRead(msg);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            timer.cancel(false);
        }
    }
}
