package io.tlsecho.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;

/**
 * A handshake and nothing else: records it, sends close_notify and closes, as {@code openssl
 * s_time} does, so any TLS server will do. Resuming under TLS 1.3, it first waits for the server's
 * next flight (its session tickets, sent after our Finished), or {@value #TICKET_WAIT_MILLIS} ms.
 */
final class HandshakeHandler extends BenchHandler {

    /** How long a TLS 1.3 server gets to send its session tickets when sessions are to be resumed. */
    static final long TICKET_WAIT_MILLIS = 500;

    private final long dueNanos;
    private final boolean waitForTickets;
    private final Arrivals arrivals = new Arrivals();
    private long arrivedAtHandshake = -1;
    private boolean closing;

    /** {@code dueNanos}: when the handshake was due (open model), else when it began; {@code resume}: sessions are kept. */
    HandshakeHandler(BenchRun run, long dueNanos, boolean resume) {
        super(run);
        this.dueNanos = dueNanos;
        this.waitForTickets = resume;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        super.handlerAdded(ctx);
        if (waitForTickets) {
            // Counts the bytes that reach TLS, to tell the server's next flight from the one that ended the handshake.
            ctx.pipeline().addFirst("arrivals", arrivals);
        }
    }

    @Override
    void negotiated(boolean resumed, String protocol, String cipher, String group) {
        // From before connecting to the handshake's end. A handshake is the request here: it counts as full or
        // resumed exactly when it counts as measured, so the report gives one count of handshakes.
        if (record(createdNanos, dueNanos)) {
            super.negotiated(resumed, protocol, cipher, group);
        }
    }

    @Override
    void handshaken(ChannelHandlerContext ctx) {
        progressed();
        markDone();
        endQuietly();
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (waitForTickets && "TLSv1.3".equals(tls.engine().getSession().getProtocol())) {
            arrivedAtHandshake = arrivals.bytes;
            ctx.executor().schedule(() -> close(ctx), TICKET_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            close(ctx);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // TLS has read what came after the handshake: the tickets are in the session cache.
        if (arrivedAtHandshake >= 0 && arrivals.bytes > arrivedAtHandshake) {
            close(ctx);
        }
        ctx.fireChannelReadComplete();
    }

    private void close(ChannelHandlerContext ctx) {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        closing = true;
        // The server's own close_notify is not waited for: a server that never sends one would hold the connection.
        ctx.pipeline().get(SslHandler.class).closeOutbound().addListener(f -> ctx.close());
    }

    @Override
    void echoed(ChannelHandlerContext ctx) {
        // Nothing is sent, so nothing comes back.
    }

    @Override
    void endRequested(ChannelHandlerContext ctx) {
        // A handshake ends by itself.
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Whatever a server says after the handshake (a banner) is not ours to check.
        ((ByteBuf) msg).release();
    }

    /** Counts the bytes read from the socket; on the channel's loop only. */
    private static final class Arrivals extends ChannelInboundHandlerAdapter {
        long bytes;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            bytes += ((ByteBuf) msg).readableBytes();
            ctx.fireChannelRead(msg);
        }
    }
}
