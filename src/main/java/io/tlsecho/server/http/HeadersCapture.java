package io.tlsecho.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps a request's header fields as received, before anything adds to them: an HTTP/2 stream's,
 * pseudo-headers included, before they become an HTTP/1-style request; an HTTP/1.x request's,
 * before aggregation sets its length.
 */
final class HeadersCapture extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<List<List<String>>> KEY = AttributeKey.valueOf("tlsecho.h2headers");

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame frame && ctx.channel().attr(KEY).get() == null) {
            List<List<String>> pairs = new ArrayList<>();
            for (Map.Entry<CharSequence, CharSequence> e : frame.headers()) {
                pairs.add(List.of(e.getKey().toString(), e.getValue().toString()));
            }
            ctx.channel().attr(KEY).set(pairs);
        } else if (msg instanceof HttpRequest request) {
            List<List<String>> pairs = new ArrayList<>();
            for (Map.Entry<String, String> e : request.headers()) {
                pairs.add(List.of(e.getKey(), e.getValue()));
            }
            ctx.channel().attr(KEY).set(pairs);
        }
        ctx.fireChannelRead(msg);
    }

    /** The header fields of the request being answered on {@code ch} (a connection or a stream), or null. */
    static List<List<String>> of(Channel ch) {
        return ch.attr(KEY).get();
    }
}
