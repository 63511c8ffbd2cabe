package io.tlsecho.testbed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tlsecho.server.ConnectionHandler;
import io.tlsecho.server.ConnectionRecord;

/**
 * Echoes what it reads until a NUL byte, then closes (for {@code no-close-notify}, {@link CutBeneathTls} makes that
 * close cut the TCP connection beneath TLS, so the client sees the stream end without close_notify).
 */
final class NulEchoHandler extends ChannelInboundHandlerAdapter {

    /** The echo as the test bed's own listeners serve it, when the client does not speak HTTP. */
    static final ConnectionHandler FACTORY = new ConnectionHandler() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public ChannelHandler newHandler(ConnectionRecord record) {
            return new NulEchoHandler();
        }
    };

    private boolean done;

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
        ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
