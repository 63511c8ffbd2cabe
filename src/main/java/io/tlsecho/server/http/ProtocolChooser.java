package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.tlsecho.server.ConnectionHandler;
import io.tlsecho.server.ConnectionRecord;
import io.tlsecho.server.HttpMode;
import io.tlsecho.tls.ClientHello;
import io.tlsecho.tls.ClientHelloTap;
import io.tlsecho.tls.TlsOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses a connection's protocol when its conversation starts, then replaces itself: ALPN {@code h2} or
 * {@code http/1.1} picks HTTP at once; without either (in {@link HttpMode#AUTO}) the first bytes do — an HTTP/1.x
 * request line or HTTP/2's preface is HTTP, anything else goes to the fallback {@link ConnectionHandler} (the echo),
 * decided as soon as the bytes rule HTTP out. A fallback that speaks first (the hello reply) is chosen by ALPN only.
 */
public final class ProtocolChooser extends ChannelInboundHandlerAdapter {

    /** What the first bytes say. */
    enum Choice { HTTP1, HTTP2, ECHO, UNDECIDED }

    private static final String[] REQUEST_LINES = {"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
        "PATCH ", "TRACE "};
    private static final String H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    private final HttpMode mode;
    private final HttpService service;
    private final ConnectionHandler fallback;
    private final ConnectionRecord record;
    private boolean sniffing;
    private CompositeByteBuf buffered;

    private ProtocolChooser(HttpMode mode, HttpService service, ConnectionHandler fallback, ConnectionRecord record) {
        this.mode = mode;
        this.service = service;
        this.fallback = fallback;
        this.record = record;
    }

    /**
     * What a connection does when it may speak HTTP: HTTP when {@code mode} and the connection say so, else what
     * {@code fallback} does. {@link HttpMode#OFF} gives {@code fallback} itself.
     */
    public static ConnectionHandler choosing(HttpMode mode, HttpService service, ConnectionHandler fallback) {
        if (mode == HttpMode.OFF) {
            return fallback;
        }
        return new ConnectionHandler() {
            @Override
            public String name() {
                return "choose";
            }

            @Override
            public ChannelHandler newHandler(ConnectionRecord record) {
                return new ProtocolChooser(mode, service, fallback, record);
            }

            @Override
            public boolean readsClientHello() {
                // The HTTP description shows the ClientHello; without TLS there is none to show.
                return false;
            }

            @Override
            public boolean speaksFirst() {
                return fallback.speaksFirst();
            }
        };
    }

    /** {@code options} with {@code h2} and {@code http/1.1} offered after the configured ALPN protocols. */
    public static TlsOptions withHttpAlpn(TlsOptions options) {
        List<String> alpn = new ArrayList<>(options.alpn());
        for (String p : List.of(HttpService.H2, HttpService.HTTP_1_1)) {
            if (!alpn.contains(p)) {
                alpn.add(p);
            }
        }
        return options.withAlpn(alpn);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Added when the conversation starts: the handshake, if any, is done and its ALPN known.
        String alpn = record.session() == null ? null : record.session().alpn();
        if (HttpService.H2.equals(alpn)) {
            choose(ctx, Choice.HTTP2);
        } else if (HttpService.HTTP_1_1.equals(alpn)) {
            choose(ctx, Choice.HTTP1);
        } else if (mode == HttpMode.AUTO && !fallback.speaksFirst()) {
            sniffing = true;
        } else {
            choose(ctx, Choice.ECHO);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (sniffing) {
            // The client is done, or idle, before its bytes decided: they were for the fallback.
            choose(ctx, Choice.ECHO);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (buffered == null) {
            buffered = ctx.alloc().compositeBuffer();
        }
        buffered.addComponent(true, in);
        if (sniffing) {
            decide(ctx);
        }
    }

    private void decide(ChannelHandlerContext ctx) {
        Choice choice = choose(buffered);
        if (choice != Choice.UNDECIDED) {
            choose(ctx, choice);
        }
    }

    /** What the bytes seen so far say; undecided while they are a prefix of an HTTP request line or preface. */
    static Choice choose(ByteBuf in) {
        if (startsLike(in, H2_PREFACE)) {
            return in.readableBytes() >= H2_PREFACE.length() ? Choice.HTTP2 : Choice.UNDECIDED;
        }
        boolean maybe = false;
        for (String line : REQUEST_LINES) {
            if (startsLike(in, line)) {
                if (in.readableBytes() >= line.length()) {
                    return Choice.HTTP1;
                }
                maybe = true;
            }
        }
        return maybe ? Choice.UNDECIDED : Choice.ECHO;
    }

    /** Whether {@code in}'s bytes and {@code text} agree over the shorter of the two. */
    private static boolean startsLike(ByteBuf in, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(in.readableBytes(), t.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != t[i]) {
                return false;
            }
        }
        return true;
    }

    private void choose(ChannelHandlerContext ctx, Choice choice) {
        sniffing = false;
        ChannelPipeline p = ctx.pipeline();
        if (choice == Choice.ECHO) {
            p.addAfter(ctx.name(), fallback.name(), fallback.newHandler(record));
        } else {
            if (choice == Choice.HTTP2) {
                service.installHttp2(p, ctx.name());
            } else {
                service.installHttp1(p, ctx.name());
            }
            logChoice(ctx, choice == Choice.HTTP2 ? HttpService.H2 : HttpService.HTTP_1_1);
        }
        ByteBuf pending = buffered;
        buffered = null;
        if (pending != null) {
            // What was read while choosing goes to the chosen side, which follows this handler.
            ctx.fireChannelRead(pending);
            ctx.fireChannelReadComplete();
        }
        p.remove(this);
    }

    private void logChoice(ChannelHandlerContext ctx, String protocol) {
        ClientHello hello = ClientHelloTap.clientHello(ctx.channel());
        record.log().info("answering {}, ja4 {}", protocol, hello == null ? "none" : hello.ja4());
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (buffered != null) {
            buffered.release();
            buffered = null;
        }
    }

}
