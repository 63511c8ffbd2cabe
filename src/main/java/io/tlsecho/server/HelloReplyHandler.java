package io.tlsecho.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.json.Json;
import io.tlsecho.tls.ClientHello;
import io.tlsecho.tls.ClientHelloTap;
import java.util.Map;

/**
 * Answers with one JSON line describing the client's ClientHello (what {@link ClientHelloTap}
 * saw), then closes; what the client sends is read and dropped.
 */
final class HelloReplyHandler extends ChannelInboundHandlerAdapter {

    /** Makes one per connection. */
    static final ConnectionHandler FACTORY = new ConnectionHandler() {
        @Override
        public String name() {
            return "hello-reply";
        }

        @Override
        public ChannelHandler newHandler(ConnectionRecord record) {
            return new HelloReplyHandler(record);
        }

        @Override
        public boolean readsClientHello() {
            return true;
        }

        @Override
        public boolean speaksFirst() {
            return true;
        }
    };

    private final ConnectionRecord record;

    HelloReplyHandler(ConnectionRecord record) {
        this.record = record;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added once the handshake is done: the ClientHello is known, the answer goes at once.
        ClientHello hello = ClientHelloTap.clientHello(ctx.channel());
        Map<String, Object> fields = hello != null ? hello.fields() : Map.of("error", "no ClientHello seen");
        ByteBuf reply = ByteBufUtil.writeUtf8(ctx.alloc(), Json.write(fields) + "\n");
        record.log().info("client hello described, closing connection");
        // The conversation ends as planned, as with a NUL.
        record.closeReason(CloseReason.NUL);
        record.completed();
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent) {
            // The client is done: nothing more will come.
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
