package io.tlsecho.testbed;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;

/**
 * Sits right after TLS and turns every close from the handlers after it (the echo, HTTP) into a close of the TCP
 * connection beneath TLS: what was written goes out, and no close_notify follows it ({@code no-close-notify}).
 */
final class CutBeneathTls extends ChannelOutboundHandlerAdapter {

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ChannelHandlerContext tls = ctx.pipeline().context(SslHandler.class);
        if (tls == null) {
            ctx.close(promise);
            return;
        }
        // Flushed first, so the last records are out before the socket closes; from TLS's own context, the close
        // reaches only the handlers below it.
        tls.flush();
        tls.close(promise);
    }
}
