package io.tlsecho.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.log.PyRepr;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.ProtocolSniffer;

/**
 * Echoes every byte before the first NUL as it arrives, then closes.
 *
 * <p>Reading pauses while the peer does not read our echo (autoRead follows writability), so a
 * connection never holds more than the write buffer's high-water mark of unsent echo.
 */
final class EchoServerHandler extends ChannelInboundHandlerAdapter {

    /** Makes one per connection. */
    static final ConnectionHandler FACTORY = new ConnectionHandler() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public ChannelHandler newHandler(ConnectionRecord record) {
            return new EchoServerHandler(record);
        }
    };

    /**
     * The most echo still unflushed at the NUL that leaves in one write with the close_notify. More may not fit the
     * socket's buffer at once, and TLS gives up a close_notify not written within 3 s (with a warning), where the
     * close waits for it.
     */
    static final int ONE_WRITE_MAX = 16 * 1024;

    private final ConnectionRecord record;
    private final ConnectionLog log;
    private boolean terminated;
    /** Echo written since the last flush, in bytes. */
    private int unflushedBytes;

    EchoServerHandler(ConnectionRecord record) {
        this.record = record;
        this.log = record.log();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        record.received(in.readableBytes());
        if (terminated) {
            discard(in);
            return;
        }
        int nul = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
        if (nul < 0) {
            echo(ctx, in);
            return;
        }
        terminated = true;
        ByteBuf head = in.readRetainedSlice(nul - in.readerIndex());
        in.skipBytes(1);
        echo(ctx, head);
        discard(in);
        // Said before the last echo leaves: whoever reads it has this line before them, as in the seed.
        log.info("message terminated, closing connection");
        int last = unflushedBytes;
        unflushedBytes = 0;
        record.closeReason(CloseReason.NUL);
        record.completed();
        // Reading goes on: what follows the NUL is discarded, here and by the lingering close that comes next (which
        // reads until the client's end of stream). Pausing it for that moment cost two epoll_ctl calls per connection.
        // Little to send: the last echo and the close_notify leave in one write (one system call and one packet fewer
        // per conversation). Else the close waits until the echo has been written.
        if (last > ONE_WRITE_MAX || !nothingQueued(ctx) || !LingeringClose.flushAndClose(ctx)) {
            ctx.flush();
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Whether everything written before has left for the socket. */
    private static boolean nothingQueued(ChannelHandlerContext ctx) {
        ChannelOutboundBuffer queued = ctx.channel().unsafe().outboundBuffer();
        return queued != null && queued.isEmpty();
    }

    private void echo(ChannelHandlerContext ctx, ByteBuf data) {
        if (!data.isReadable()) {
            data.release();
            return;
        }
        int n = data.readableBytes();
        record.echoed(n);
        if (log.isDebugEnabled()) {
            String repr = PyRepr.of(data);
            log.debug("received {}", repr);
            ctx.write(data, ctx.voidPromise());
            // "sent" once the bytes are handed to the transport, as the seed logs it: its story of a connection
            // reads received, sent, received, sent, message terminated.
            log.debug("sent {}", repr);
        } else {
            ctx.write(data, ctx.voidPromise());
        }
        unflushedBytes += n;
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void discard(ByteBuf extra) {
        if (extra.isReadable() && log.isDebugEnabled()) {
            log.debug("discarding {} bytes after the message's end: {}", extra.readableBytes(), PyRepr.of(extra));
        }
        extra.release();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // One flush per batch of reads: the echo of several records goes out in one write. Only when something was
        // echoed: a flush after the last echo's close would make TLS write to a closed channel (an exception each).
        if (unflushedBytes > 0) {
            unflushedBytes = 0;
            ctx.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!terminated) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !terminated) {
            // Once: the idle timer goes on firing while the close lingers.
            terminated = true;
            record.closeReason(CloseReason.IDLE);
            log.info("idle timeout, closing connection");
            ctx.close();
        } else if (evt == ChannelInputShutdownEvent.INSTANCE || evt instanceof SslCloseCompletionEvent) {
            endOfStream(ctx);
        }
        ReferenceCountUtil.release(evt);
    }

    private void endOfStream(ChannelHandlerContext ctx) {
        if (!terminated) {
            terminated = true;
            record.closeReason(CloseReason.EOF);
            log.info("end of stream before NUL, closing connection");
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel().isActive()) {
            Failures.Failure f = Failures.classify(cause, "the client", null);
            record.closeReason(f.kind() == Failures.Kind.CLOSED ? CloseReason.RESET : CloseReason.ERROR);
            log.warn("closing connection: {}", Failures.describe(cause, ProtocolSniffer.spoke(ctx.channel())));
        }
        ctx.close();
    }
}
