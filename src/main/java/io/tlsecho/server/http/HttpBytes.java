package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.tlsecho.server.ConnectionRecord;

/**
 * Counts an HTTP connection's bytes each way (after TLS, HTTP/2 framing included) into its {@link ConnectionRecord},
 * for the summary's {@code bytes_received} and {@code bytes_echoed} and the byte metrics, as the echo counts its own.
 */
final class HttpBytes extends ChannelDuplexHandler {

    private final ConnectionRecord record;

    HttpBytes(ConnectionRecord record) {
        this.record = record;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in) {
            record.received(in.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf out) {
            record.echoed(out.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
