package io.tlsecho.server.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.server.CloseReason;
import io.tlsecho.server.ConnectionRecord;
import io.tlsecho.tls.Failures;

/**
 * The last handler of an HTTP connection: closes it when idle, when the client is done or on an
 * error, saying why in the connection's record; on drain (HTTP/2) closes it gracefully, which sends
 * GOAWAY and lets the streams in flight finish.
 */
final class HttpConnectionHandler extends ChannelInboundHandlerAdapter {

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            close(ctx, CloseReason.IDLE, "idle timeout, closing connection");
        } else if (evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent) {
            close(ctx, CloseReason.EOF, null);
        } else if (evt == DrainEvent.INSTANCE) {
            HttpService.draining(ctx);
            close(ctx, CloseReason.DRAIN, null);
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // An HTTP client that hangs up between requests is done, not cut.
        ConnectionRecord record = ConnectionRecord.of(ctx.channel());
        if (record != null) {
            record.closeReason(CloseReason.EOF);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2Exception h2 && h2.error() != null && h2.error() != Http2Error.NO_ERROR
                && ctx.channel().isActive()) {
            // A connection error Netty's codec leaves to us (e.g. too many RST_STREAM frames): GOAWAY with it, then close.
            ConnectionRecord record = ConnectionRecord.of(ctx.channel());
            if (record != null) {
                record.closeReason(CloseReason.ERROR);
            }
            ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(h2.error())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (ctx.channel().isActive()) {
            Failures.Failure f = Failures.classify(cause, "the client", null);
            close(ctx, f.kind() == Failures.Kind.CLOSED ? CloseReason.RESET : CloseReason.ERROR,
                    "closing connection: " + Failures.describe(cause, null));
        }
    }

    private static void close(ChannelHandlerContext ctx, CloseReason why, String message) {
        ConnectionRecord record = ConnectionRecord.of(ctx.channel());
        if (record != null) {
            record.closeReason(why);
            if (message != null) {
                record.log().info("{}", message);
            }
        }
        ctx.close();
    }
}
