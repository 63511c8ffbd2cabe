package io.tlsecho.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Fails a client connection with a {@link NoAnswerException} when the server sends nothing for the timeout while
 * it owes an answer (its part of the TLS handshake, or an answer the handler awaits), or while our data waits to
 * be sent; a pause of our own (a user who has not typed the rest of the message yet) is no fault of the server's.
 */
public final class AnswerTimeout extends IdleStateHandler {

    private static final String HANDSHAKE = "during the handshake";

    private final Duration timeout;
    private final boolean tls;
    private String awaited;

    /** {@code tls}: the connection starts with a TLS handshake, during which the server owes its answers. */
    public AnswerTimeout(Duration timeout, boolean tls) {
        super(timeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
        this.timeout = timeout;
        this.tls = tls;
    }

    /**
     * From now the server on {@code ch} owes an answer; {@code when} says which, for the message ("while we waited
     * for the echo"). The timeout runs from here. Call on the channel's event loop.
     */
    public static void await(Channel ch, String when) {
        AnswerTimeout t = ch.pipeline().get(AnswerTimeout.class);
        if (t != null) {
            t.awaited = when;
            t.resetReadTimeout();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (tls) {
            awaited = HANDSHAKE;
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent && HANDSHAKE.equals(awaited)) {
            awaited = null;
        }
        super.userEventTriggered(ctx, evt);
    }

    /** The server on {@code ch} owes nothing now. Call on the channel's event loop. */
    public static void answered(Channel ch) {
        AnswerTimeout t = ch.pipeline().get(AnswerTimeout.class);
        if (t != null) {
            t.awaited = null;
        }
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() != IdleState.READER_IDLE) {
            return;
        }
        if (awaited != null) {
            ctx.fireExceptionCaught(new NoAnswerException(timeout, awaited));
        } else if (!ctx.channel().isWritable()) {
            ctx.fireExceptionCaught(new NoAnswerException(timeout, "while our data waited to be sent (it stopped reading)"));
        }
    }
}
