package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.tlsecho.server.ConnectionRecord;
import io.tlsecho.tls.ClientHello;
import io.tlsecho.tls.NegotiatedSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Answers every request: {@code POST} or {@code PUT /echo} with its body, byte for byte; anything
 * else with the {@link Description} of the connection and the request, as JSON, HTML or text.
 * A request the codec could not read is answered 400 (431 for headers over the limit) and the
 * connection closed.
 */
final class DescriptionHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final HttpStats stats;

    DescriptionHandler(HttpStats stats) {
        this.stats = stats;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        Channel connection = HttpService.connection(ctx.channel());
        if (!req.decoderResult().isSuccess()) {
            if (!connection.isActive()) {
                // The codec's word that the connection closed mid-request (a client cut off, or gone): nobody to answer.
                return;
            }
            // The version of a request that could not be read is unknown: the connection's.
            refuse(ctx, connection, HttpService.version(ctx.channel(), HttpVersion.HTTP_1_1),
                    req.decoderResult().cause());
            return;
        }
        String version = HttpService.version(ctx.channel(), req.protocolVersion());
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        FullHttpResponse resp;
        if (uri.path().equals("/echo") && (req.method().equals(HttpMethod.POST) || req.method().equals(HttpMethod.PUT))) {
            resp = new DefaultFullHttpResponse(req.protocolVersion(), HttpResponseStatus.OK, req.content().retainedDuplicate());
            resp.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        } else {
            resp = describe(ctx, connection, req, uri, version);
        }
        send(ctx, connection, req, resp, version, false);
    }

    private FullHttpResponse describe(ChannelHandlerContext ctx, Channel connection, FullHttpRequest req,
                                      QueryStringDecoder uri, String version) {
        List<String> asked = uri.parameters().get("format");
        String format = asked != null && !asked.isEmpty() ? asked.get(0)
                : req.headers().contains(HttpHeaderNames.ACCEPT, "text/html", true)
                || String.valueOf(req.headers().get(HttpHeaderNames.ACCEPT)).contains("text/html") ? "html" : "json";
        if (!format.equals("json") && !format.equals("html") && !format.equals("text")) {
            return text(ctx, HttpResponseStatus.BAD_REQUEST, "format: " + format + " (expected: json, html or text)\n",
                    "text/plain; charset=utf-8");
        }
        List<List<String>> headers = HeadersCapture.of(ctx.channel());
        if (headers == null) {
            headers = new ArrayList<>();
            for (Map.Entry<String, String> h : req.headers()) {
                headers.add(List.of(h.getKey(), h.getValue()));
            }
        }
        String akamai = null;
        String akamaiHash = null;
        ConnectionFacts facts = ConnectionFacts.of(connection);
        AkamaiFingerprint frames = AkamaiFingerprint.of(connection);
        if (frames != null) {
            List<String> pseudo = new ArrayList<>(4);
            for (List<String> h : headers) {
                if (h.get(0).startsWith(":")) {
                    pseudo.add(h.get(0));
                }
            }
            akamai = frames.text(pseudo);
            akamaiHash = facts.akamaiHash(akamai);
        }
        RequestFacts request = new RequestFacts(version, req.method().name(), req.uri(), headers,
                req.content().readableBytes(), akamai, akamaiHash);
        return switch (format) {
            case "html" -> {
                FullHttpResponse r = text(ctx, HttpResponseStatus.OK, DescriptionPage.html(facts.description(request),
                        headline(facts.tls(), facts.hello(), version)), "text/html; charset=utf-8");
                r.headers().set("content-security-policy", DescriptionPage.CONTENT_SECURITY_POLICY);
                yield r;
            }
            case "text" -> text(ctx, HttpResponseStatus.OK, DescriptionPage.text(facts.description(request)),
                    "text/plain; charset=utf-8");
            default -> answer(HttpResponseStatus.OK, facts.json(ctx.channel(), request), "application/json");
        };
    }

    private static String headline(NegotiatedSession tls, ClientHello hello, String version) {
        StringBuilder sb = new StringBuilder();
        if (tls != null) {
            sb.append(tls.protocol()).append(", ").append(tls.cipherSuite()).append(", ")
                    .append(tls.group() == null ? "group unknown" : tls.group())
                    .append(Description.postQuantum(tls.group()) ? " (post-quantum)" : "").append(", ");
        } else {
            sb.append("no TLS, ");
        }
        sb.append(version);
        if (hello != null) {
            sb.append(", JA4 ").append(hello.ja4());
        }
        return sb.toString();
    }

    private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String body,
                                         String type) {
        return answer(status, ByteBufUtil.writeUtf8(ctx.alloc(), body), type);
    }

    private static FullHttpResponse answer(HttpResponseStatus status, ByteBuf content, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().set("x-content-type-options", "nosniff");
        return r;
    }

    private void refuse(ChannelHandlerContext ctx, Channel connection, String version, Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : HttpResponseStatus.BAD_REQUEST;
        ConnectionRecord record = ConnectionRecord.of(connection);
        if (record != null) {
            String why = cause instanceof TooLongFrameException ? cause.getMessage() : String.valueOf(cause.getMessage());
            record.log().info("malformed HTTP request, answered {} and closing: {}", status.code(), why);
        }
        FullHttpResponse resp = text(ctx, status, status + "\n", "text/plain; charset=utf-8");
        send(ctx, connection, null, resp, version, true);
    }

    private void send(ChannelHandlerContext ctx, Channel connection, FullHttpRequest req, FullHttpResponse resp,
                      String version, boolean close) {
        int length = resp.content().readableBytes();
        HttpUtil.setContentLength(resp, length);
        if (req != null && req.method().equals(HttpMethod.HEAD)) {
            resp.content().release();
            resp = resp.replace(Unpooled.EMPTY_BUFFER);
        }
        boolean h1 = !HttpService.isStream(ctx.channel());
        if (h1 && (close || HttpService.isDraining(connection))) {
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        stats.request(version, resp.status().code());
        ConnectionRecord record = ConnectionRecord.of(connection);
        if (record != null) {
            record.httpRequest();
        }
        ctx.writeAndFlush(resp);
    }
}
