package io.tlsecho.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.Promise;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.log.PyRepr;
import io.tlsecho.tls.AnswerTimeout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import io.tlsecho.tls.NegotiatedSession;

/**
 * Sends the message in parts once the handshake is done, then the NUL, and takes in the echo
 * until the server closes.
 */
final class EchoClientHandler extends ChannelInboundHandlerAdapter {

    static final ByteBuf NUL = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {0}));

    private final ConnectionLog log;
    private final List<byte[]> parts;
    private final EchoVerifier verifier;
    private final OutputStream sink;
    private final Promise<NegotiatedSession> handshake;
    private final Promise<Void> done;
    private long startNanos;
    private boolean tls;
    private boolean closeNotify;

    /**
     * @param parts the message to send, or null when the caller streams it after the handshake
     * @param sink where the echo goes as it arrives, or null
     */
    EchoClientHandler(ConnectionLog log, List<byte[]> parts, EchoVerifier verifier, OutputStream sink,
                      Promise<NegotiatedSession> handshake, Promise<Void> done) {
        this.log = log;
        this.parts = parts;
        this.verifier = verifier;
        this.sink = sink;
        this.handshake = handshake;
        this.done = done;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Connected: the handshake starts now, so its time leaves out name lookup and TCP connect.
        startNanos = System.nanoTime();
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent event) {
            if (!event.isSuccess()) {
                fail(ctx, event.cause());
                return;
            }
            tls = true;
            handshake.trySuccess(NegotiatedSession.of(ctx.pipeline().get(SslHandler.class), startNanos));
            if (parts != null) {
                sendAll(ctx);
            }
        } else if (evt instanceof SslCloseCompletionEvent event) {
            if (!event.isSuccess()) {
                if (event.cause() instanceof javax.net.ssl.SSLException) {
                    // A fatal alert after our side of the handshake (TLS 1.3 certificate_required):
                    // report it, rather than closing as if the server had ended the echo.
                    fail(ctx, event.cause());
                }
                // Otherwise TCP closed without close_notify: channelInactive reports the truncation.
                ctx.fireUserEventTriggered(evt);
                return;
            }
            closeNotify = true;
            // The server sent close_notify: the echo is complete. Answer with ours and close, as a
            // peer that waits for it before closing TCP (Python's asyncio, under TLS 1.3 with the
            // JDK engine, which does not answer by itself) would otherwise leave us waiting.
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void sendAll(ChannelHandlerContext ctx) {
        for (byte[] part : parts) {
            if (log.isDebugEnabled()) {
                log.debug("sending {}", PyRepr.of(part));
            }
            ctx.writeAndFlush(Unpooled.wrappedBuffer(part), ctx.voidPromise());
        }
        ctx.writeAndFlush(NUL.duplicate(), ctx.voidPromise());
        waitingForResponse(ctx.channel());
    }

    /** The message is out: from now the server owes the echo. Called on the event loop once the NUL is written. */
    void waitingForResponse(Channel ch) {
        AnswerTimeout.await(ch, "while we waited for the echo");
        log.debug("waiting for response");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (log.isDebugEnabled()) {
                log.debug("received {}", PyRepr.of(in));
            }
            byte[] bytes = new byte[in.readableBytes()];
            in.readBytes(bytes);
            verifier.received(bytes, 0, bytes.length);
            if (sink != null) {
                sink.write(bytes);
            }
        } catch (IOException e) {
            fail(ctx, e);
        } finally {
            in.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handshake.tryFailure(new ClosedChannelException());
        if (tls && !closeNotify) {
            // TCP ended without TLS's close_notify: an attacker, or a broken server, may have cut the echo short.
            done.tryFailure(new NoCloseNotify());
        }
        done.trySuccess(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    /** The server closed TCP after the handshake without sending close_notify first. */
    static final class NoCloseNotify extends IOException {
        NoCloseNotify() {
            super("closed without close_notify");
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        handshake.tryFailure(cause);
        done.tryFailure(cause);
        ctx.close();
    }
}
