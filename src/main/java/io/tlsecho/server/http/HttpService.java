package io.tlsecho.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AttributeKey;
import io.tlsecho.server.ConnectionRecord;

/**
 * The HTTP face of a listener: installs HTTP/1.1 or HTTP/2 handlers on a connection whose
 * protocol is chosen (by {@link ProtocolChooser}), all answering with {@link DescriptionHandler}
 * under one set of {@link HttpLimits}, counted in one {@link HttpStats}. Usable by any listener
 * that has a {@link ConnectionRecord} on its channels, TLS or plain.
 */
public final class HttpService {

    /** The HTTP/1.1 protocol name, as ALPN and the summary say it. */
    public static final String HTTP_1_1 = "http/1.1";
    /** The HTTP/2 protocol name, as ALPN and the summary say it. */
    public static final String H2 = "h2";

    private static final AttributeKey<Boolean> DRAINING = AttributeKey.valueOf("tlsecho.httpDraining");
    private static final int MAX_INITIAL_LINE = 8192;
    private static final int MAX_RST_FRAMES = 200;
    private static final int RST_WINDOW_SECONDS = 30;

    private final HttpLimits limits;
    private final HttpStats stats;

    public HttpService(HttpLimits limits, HttpStats stats) {
        this.limits = limits;
        this.stats = stats;
    }

    /** The limits clients are held to. */
    public HttpLimits limits() {
        return limits;
    }

    /** The counts of requests answered and clients cut off. */
    public HttpStats stats() {
        return stats;
    }

    /** Installs HTTP/1.1 after the handler named {@code after}: byte counter, codec, slowloris guard, keep-alive, aggregation, answer. */
    public void installHttp1(ChannelPipeline p, String after) {
        Http1Guard guard = new Http1Guard(limits.headerTimeout(), stats);
        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(limits.maxHeaderBytes());
        after = countBytes(p, after);
        p.addAfter(after, "http-guard", guard.beforeCodec());
        p.addAfter("http-guard", "http-codec", new HttpServerCodec(decoder));
        p.addAfter("http-codec", "http-headers", new HeadersCapture());
        p.addAfter("http-headers", "http-guard-after", guard.afterCodec());
        p.addAfter("http-guard-after", "http-keepalive", new HttpServerKeepAliveHandler());
        p.addAfter("http-keepalive", "http-aggregator", new CountingAggregator(limits.maxBody(), stats));
        p.addAfter("http-aggregator", "http-answer", new DescriptionHandler(stats));
        p.addAfter("http-answer", "http-end", new HttpConnectionHandler());
        served(p.channel(), HTTP_1_1);
    }

    /**
     * Installs HTTP/2 after the handler named {@code after}: byte counter, the fingerprint tap, the header timeout,
     * Netty's codec, one child channel a stream.
     */
    public void installHttp2(ChannelPipeline p, String after) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderBytes());
        Http2Watch watch = new Http2Watch(p.channel(), stats);
        after = countBytes(p, after);
        p.addAfter(after, "h2-tap", new Http2FrameTap());
        p.addAfter("h2-tap", "h2-header-guard",
                new Http2HeaderGuard(new HeaderClock(limits.headerTimeout(), stats, "request headers")));
        p.addAfter("h2-header-guard", "h2-codec", Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .frameLogger(watch)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
                .gracefulShutdownTimeoutMillis(limits.drainTimeout().toMillis())
                .build());
        p.addAfter("h2-codec", "h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.pipeline().addLast(new HeadersCapture(), new Http2StreamFrameToHttpObjectCodec(true),
                        new CountingAggregator(limits.maxBody(), stats), new DescriptionHandler(stats));
            }
        }));
        p.addAfter("h2-streams", "http-end", new HttpConnectionHandler());
        served(p.channel(), H2);
    }

    /** Puts the byte counter after {@code after} when the channel has a record; the name to add after next. */
    private static String countBytes(ChannelPipeline p, String after) {
        ConnectionRecord record = ConnectionRecord.of(p.channel());
        if (record == null) {
            return after;
        }
        p.addAfter(after, "http-bytes", new HttpBytes(record));
        return "http-bytes";
    }

    private static void served(Channel ch, String protocol) {
        ConnectionRecord record = ConnectionRecord.of(ch);
        if (record != null) {
            record.served(protocol);
        }
    }

    /** The connection a request arrived on: the parent of an HTTP/2 stream, else the channel itself. */
    static Channel connection(Channel ch) {
        return isStream(ch) ? ch.parent() : ch;
    }

    static boolean isStream(Channel ch) {
        return ch instanceof Http2StreamChannel;
    }

    /** {@code h2} on an HTTP/2 stream, else {@code http/1.0} or {@code http/1.1}. */
    static String version(Channel ch, HttpVersion version) {
        if (isStream(ch)) {
            return H2;
        }
        return HttpVersion.HTTP_1_0.equals(version) ? "http/1.0" : HTTP_1_1;
    }

    static void draining(ChannelHandlerContext ctx) {
        ctx.channel().attr(DRAINING).set(Boolean.TRUE);
    }

    static boolean isDraining(Channel connection) {
        return Boolean.TRUE.equals(connection.attr(DRAINING).get());
    }
}
