package io.tlsecho.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.function.BiConsumer;

/**
 * Reads the ClientHello before TLS does: Netty's {@link SslClientHelloHandler} buffers it, this
 * parses it, keeps it on the channel and hands it to a listener, then steps out of the pipeline
 * and passes the buffered bytes on, untouched, to the TLS handler after it. A malformed
 * ClientHello is left for the TLS handler to refuse.
 */
public final class ClientHelloTap extends SslClientHelloHandler<ClientHello> {

    private static final AttributeKey<ClientHello> HELLO = AttributeKey.valueOf("tlsecho.clientHello");

    private final BiConsumer<Channel, Object> listener;

    /**
     * @param listener called on the event loop with the channel and the parsed {@link ClientHello},
     *                 or with the {@link IllegalArgumentException} saying why it could not be parsed
     */
    public ClientHelloTap(BiConsumer<Channel, Object> listener) {
        this.listener = listener;
    }

    /** The ClientHello received on {@code ch}, or null if none was (or it was malformed). */
    public static ClientHello clientHello(Channel ch) {
        return ch.attr(HELLO).get();
    }

    @Override
    protected Future<ClientHello> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        if (clientHello == null) {
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
