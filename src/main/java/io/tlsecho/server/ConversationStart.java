package io.tlsecho.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.tls.NegotiatedSession;
import io.tlsecho.tls.TicketFlush;

/**
 * Waits for the conversation to start (the TLS handshake's success; in plain TCP, the connection itself), records
 * and logs it, then replaces itself with the {@link ConnectionHandler}'s handler. A failed handshake is counted
 * and logged once here. When the handshake ends it also frees the connection's place under --max-handshakes and
 * sends the TLS 1.3 session tickets ({@link TicketFlush}): one handler where there were three, each added and
 * removed per connection.
 */
final class ConversationStart extends ChannelInboundHandlerAdapter {

    private final ConnectionRecord record;
    private final ConnectionLog log;
    private final ConnectionHandler handler;
    private final boolean tls;
    private boolean ended;

    ConversationStart(ConnectionRecord record, ConnectionHandler handler, boolean tls) {
        this.record = record;
        this.log = record.log();
        this.handler = handler;
        this.tls = tls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Plain TCP starts on connect: now, when the connection is already active (an accepted one, or one whose
        // PROXY header has been read), else on channelActive.
        if (!tls && ctx.channel().isActive()) {
            start(ctx, null);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        if (!tls) {
            start(ctx, null);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake) {
            // The handshake's place under --max-handshakes is freed as soon as it ends.
            HandshakeGate.release(ctx.channel());
            if (handshake.isSuccess()) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                // TLS 1.3 session tickets leave with the handshake, not with the first echo: a client may only wait.
                TicketFlush.send(ctx, tls);
                start(ctx, NegotiatedSession.of(tls, record.startNanos()));
            } else {
                record.handshakeFailed(handshake.cause(), ctx.channel());
                ctx.close();
            }
        } else if (evt instanceof IdleStateEvent && !ended) {
            // Once: the idle timer goes on firing while the close lingers.
            ended = true;
            record.closeReason(CloseReason.IDLE);
            log.info("idle timeout, closing connection");
            ctx.close();
        } else if (evt == ChannelInputShutdownEvent.INSTANCE) {
            // The client gave up before the handshake ended.
            ctx.close();
        }
        ReferenceCountUtil.release(evt);
    }

    private void start(ChannelHandlerContext ctx, NegotiatedSession session) {
        if (ended || ctx.isRemoved()) {
            return;
        }
        ended = true;
        if (session != null) {
            record.handshakeSucceeded(session);
        } else {
            record.plaintextStarted();
        }
        String client = session != null ? session.peerSubject() : null;
        if (client == null) {
            log.info("connection accepted");
        } else {
            log.info("connection accepted from client {}", client);
        }
        if (session != null) {
            ConnectionLog tlsLog = log.on(EchoServer.TLS_LOGGER);
            if (tlsLog.isDebugEnabled()) {
                tlsLog.debug("session {}", session.line());
            }
        }
        ctx.pipeline().replace(this, handler.name(), handler.newHandler(record));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before the conversation starts, the handshake's failure event tells the story once.
        ctx.close();
    }
}
