package io.tlsecho.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.json.Json;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.server.http.HttpService;
import io.tlsecho.tls.ClientHello;
import io.tlsecho.tls.ClientHelloTap;
import io.tlsecho.tls.NegotiatedSession;
import java.util.Map;

/**
 * Answers with one JSON line describing the client's ClientHello (what {@link ClientHelloTap}
 * saw), then closes; what the client sends is read and dropped. A client that agreed on HTTP by
 * ALPN is left to the HTTP description instead.
 */
final class HelloReplyHandler extends ChannelInboundHandlerAdapter {

    private final ConnectionRecord record;
    private final ConnectionLog log;
    private final boolean http;

    /** {@code http}: whether a client that agreed on HTTP by ALPN is answered over HTTP instead. */
    HelloReplyHandler(ConnectionRecord record, boolean http) {
        this.record = record;
        this.log = record.log();
        this.http = http;
    }

    private boolean httpByAlpn(ChannelHandlerContext ctx) {
        String alpn = ctx.pipeline().get(SslHandler.class).applicationProtocol();
        return http && (HttpService.H2.equals(alpn) || HttpService.HTTP_1_1.equals(alpn));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess() && httpByAlpn(ctx)) {
                // An HTTP client: the protocol chooser puts the HTTP description in this handler's place.
                record.handshakeSucceeded(NegotiatedSession.of(ctx.pipeline().get(SslHandler.class),
                        record.startNanos()));
                log.info("connection accepted, answering HTTP with the description");
            } else if (handshake.isSuccess()) {
                ClientHello hello = ClientHelloTap.clientHello(ctx.channel());
                Map<String, Object> fields = hello != null ? hello.fields() : Map.of("error", "no ClientHello seen");
                ByteBuf reply = ByteBufUtil.writeUtf8(ctx.alloc(), Json.write(fields) + "\n");
                record.handshakeSucceeded(NegotiatedSession.of(ctx.pipeline().get(SslHandler.class),
                        record.startNanos()));
                log.info("connection accepted, client hello described, closing connection");
                // The conversation ends as planned, as with a NUL.
                record.closeReason(CloseReason.NUL);
                record.completed();
                ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
            } else {
                record.handshakeFailed(handshake.cause(), ctx.channel());
            }
        } else if (evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent) {
            // The client is done: nothing more will come to describe.
            record.closeReason(CloseReason.EOF);
            ctx.close();
        } else if (evt instanceof IdleStateEvent) {
            record.closeReason(CloseReason.IDLE);
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
