package io.tlsecho.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;

/**
 * Echoes what it reads until a NUL byte, then closes: with close_notify, or (for {@code no-close-notify}) by closing
 * the TCP connection beneath TLS, so the client sees the stream end without it.
 */
final class NulEchoHandler extends ChannelInboundHandlerAdapter {

    private final boolean withoutCloseNotify;
    private boolean done;

    NulEchoHandler(boolean withoutCloseNotify) {
        this.withoutCloseNotify = withoutCloseNotify;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        if (done) {
            in.release();
            return;
        }
        int nul = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
        if (nul < 0) {
            ctx.writeAndFlush(in);
            return;
        }
        done = true;
        ByteBuf echo = in.readRetainedSlice(nul - in.readerIndex());
        in.release();
        ctx.writeAndFlush(echo).addListener((ChannelFutureListener) f -> {
            if (withoutCloseNotify) {
                // from the TLS handler's own context, the close goes only to the handlers below it
                ctx.pipeline().context(SslHandler.class).close();
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
