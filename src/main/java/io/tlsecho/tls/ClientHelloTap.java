package io.tlsecho.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.function.BiConsumer;

/**
 * Reads the ClientHello before TLS does: Netty's {@link SslClientHelloHandler} buffers it, this
 * keeps it on the channel (and, given a listener, parses it and hands it over), then steps out of
 * the pipeline and passes the buffered bytes on, untouched, to the TLS handler after it. A
 * malformed ClientHello is left for the TLS handler to refuse.
 *
 * <p>Without a listener the ClientHello is parsed only when {@link #clientHello} first asks for it:
 * most connections never do (an echo server reads it only to answer HTTP or to log at -v), and
 * parsing every one was 1.2% of a server's CPU time for short sessions.
 */
public final class ClientHelloTap extends SslClientHelloHandler<ClientHello> {

    // The message body (byte[]) until first asked for, then the parsed ClientHello, or null when malformed.
    private static final AttributeKey<Object> HELLO = AttributeKey.valueOf("tlsecho.clientHello");

    private final BiConsumer<Channel, Object> listener;

    /** Keeps the ClientHello, parsed when first asked for. */
    public ClientHelloTap() {
        this(null);
    }

    /**
     * @param listener called on the event loop with the channel and the parsed {@link ClientHello},
     *                 or with the {@link IllegalArgumentException} saying why it could not be parsed;
     *                 null: none, and the ClientHello is parsed only when asked for
     */
    public ClientHelloTap(BiConsumer<Channel, Object> listener) {
        this.listener = listener;
    }

    /** The ClientHello received on {@code ch}, or null if none was (or it was malformed). Call on its event loop. */
    public static ClientHello clientHello(Channel ch) {
        Attribute<Object> held = ch.attr(HELLO);
        Object hello = held.get();
        if (hello instanceof byte[] body) {
            try {
                hello = ClientHello.parse(body);
            } catch (IllegalArgumentException e) {
                hello = null;
            }
            held.set(hello);
        }
        return (ClientHello) hello;
    }

    @Override
    protected Future<ClientHello> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        if (clientHello == null) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }
        if (listener == null) {
            byte[] body = new byte[clientHello.readableBytes()];
            clientHello.getBytes(clientHello.readerIndex(), body);
            ctx.channel().attr(HELLO).set(body);
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(null);
        }
        try {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(ClientHello.parse(clientHello));
        } catch (IllegalArgumentException e) {
            return ImmediateEventExecutor.INSTANCE.newFailedFuture(e);
        }
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<ClientHello> future) {
        try {
            if (future.isSuccess() && future.getNow() != null) {
                ctx.channel().attr(HELLO).set(future.getNow());
                listener.accept(ctx.channel(), future.getNow());
            } else if (!future.isSuccess()) {
                listener.accept(ctx.channel(), future.cause());
            }
        } finally {
            // Removing a decoder hands what it buffered to the next handler: TLS sees every byte.
            ctx.pipeline().remove(this);
        }
    }
}
