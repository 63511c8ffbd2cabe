package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.tlsecho.server.ConnectionRecord;
import io.tlsecho.server.HttpMode;
import io.tlsecho.tls.ClientHello;
import io.tlsecho.tls.ClientHelloTap;
import java.nio.charset.StandardCharsets;

/**
 * Chooses a connection's protocol, then replaces itself: ALPN {@code h2} or {@code http/1.1} picks
 * HTTP at once; without either (in {@link HttpMode#AUTO}) the first bytes do — an HTTP/1.x request
 * line or HTTP/2's preface is HTTP, anything else is the echo, decided as soon as the bytes rule HTTP
 * out. For HTTP, the handlers after this one (the echo side) are replaced by the {@link HttpService}'s.
 */
public final class ProtocolChooser extends ChannelInboundHandlerAdapter {

    /** What the first bytes say. */
    enum Choice { HTTP1, HTTP2, ECHO, UNDECIDED }

    private static final String[] REQUEST_LINES = {"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
        "PATCH ", "TRACE "};
    private static final String H2_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

    private final HttpMode mode;
    private final HttpService service;
    private final boolean tls;
    private boolean sniffing;
    private CompositeByteBuf buffered;

    /**
     * @param mode how to choose; {@link HttpMode#OFF} makes this handler step out at once
     * @param service the HTTP side to install
     * @param tls whether TLS is below: then the choice waits for the handshake's ALPN
     */
    public ProtocolChooser(HttpMode mode, HttpService service, boolean tls) {
        this.mode = mode;
        this.service = service;
        this.tls = tls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (!tls) {
            if (mode == HttpMode.AUTO) {
                sniffing = true;
            } else {
                ctx.pipeline().remove(this);
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done) || !done.isSuccess()) {
            if (sniffing && (evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent)) {
                // The client is done before its bytes decided: they were for the echo.
                choose(ctx, Choice.ECHO);
            }
            ctx.fireUserEventTriggered(evt);
            return;
        }
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        // The echo side accounts for the handshake first, whatever is chosen.
        ctx.fireUserEventTriggered(evt);
        String alpn = ssl.applicationProtocol();
        if (HttpService.H2.equals(alpn)) {
            choose(ctx, Choice.HTTP2);
        } else if (HttpService.HTTP_1_1.equals(alpn)) {
            choose(ctx, Choice.HTTP1);
        } else if (mode == HttpMode.AUTO) {
            sniffing = true;
            if (buffered != null) {
                decide(ctx);
            }
        } else {
            choose(ctx, Choice.ECHO);
        }
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
        if (choice != Choice.ECHO) {
            // Everything after this handler is the echo side: HTTP takes its place.
            while (p.last() != this) {
                p.removeLast();
            }
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
            ctx.fireChannelRead(pending);
            ctx.fireChannelReadComplete();
        }
        p.remove(this);
    }

    private static void logChoice(ChannelHandlerContext ctx, String protocol) {
        ConnectionRecord record = ConnectionRecord.of(ctx.channel());
        if (record == null) {
            return;
        }
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
