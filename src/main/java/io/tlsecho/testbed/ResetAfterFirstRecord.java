package io.tlsecho.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

/**
 * Sends the server's first TLS record (the ServerHello), then resets the connection: SO_LINGER 0, so the close is
 * an RST and not a FIN.
 */
final class ResetAfterFirstRecord extends ChannelOutboundHandlerAdapter {

    private static final int HEADER = 5;
    private boolean reset;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (reset || !(msg instanceof ByteBuf bytes) || bytes.readableBytes() < HEADER) {
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
            return;
        }
        reset = true;
        int record = Math.min(bytes.readableBytes(), HEADER + bytes.getUnsignedShort(bytes.readerIndex() + 3));
        ByteBuf first = bytes.readRetainedSlice(record);
        bytes.release();
        promise.trySuccess();
        ctx.writeAndFlush(first).addListener(f -> {
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            ctx.close();
        });
    }
}
