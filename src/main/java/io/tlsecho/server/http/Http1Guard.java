package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.server.CloseReason;
import io.tlsecho.server.ConnectionRecord;
import java.time.Duration;

/**
 * Holds an HTTP/1.1 connection to time: a request's header block must arrive within the header
 * timeout once its first byte has (a slowloris client is cut off, counted and logged); on drain,
 * the connection closes at once between requests, else after the answer in flight. Two handlers
 * around the codec share its state: one sees the bytes, the other the requests and answers.
 */
final class Http1Guard {

    private final HeaderClock clock;
    private boolean inRequest;
    private boolean closeAfterAnswer;

    Http1Guard(Duration headerTimeout, HttpStats stats) {
        this.clock = new HeaderClock(headerTimeout, stats, "request headers");
    }

    /** Before the codec: the first byte of a request starts its header clock. */
    ChannelHandler beforeCodec() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!inRequest && msg instanceof ByteBuf b && b.isReadable()) {
                    inRequest = true;
                    clock.start();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelReadComplete(ChannelHandlerContext ctx) {
                clock.readDone(ctx);
                ctx.fireChannelReadComplete();
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                clock.cancel();
            }
        };
    }

    /** After the codec: a decoded request stops the clock; its answer's end makes room for the next. */
    ChannelHandler afterCodec() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    clock.stop();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof LastHttpContent) {
                    inRequest = false;
                    if (closeAfterAnswer) {
                        ctx.write(msg, promise.unvoid()).addListener(ChannelFutureListener.CLOSE);
                        return;
                    }
                }
                ctx.write(msg, promise);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == DrainEvent.INSTANCE) {
                    HttpService.draining(ctx);
                    if (inRequest) {
                        closeAfterAnswer = true;
                    } else {
                        record(ctx, CloseReason.DRAIN);
                        ctx.close();
                    }
                    ReferenceCountUtil.release(evt);
                    return;
                }
                ctx.fireUserEventTriggered(evt);
            }
        };
    }

    private static void record(ChannelHandlerContext ctx, CloseReason why) {
        ConnectionRecord record = ConnectionRecord.of(ctx.channel());
        if (record != null) {
            record.closeReason(why);
        }
    }
}
