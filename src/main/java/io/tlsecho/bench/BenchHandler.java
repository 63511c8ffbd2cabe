package io.tlsecho.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.tlsecho.tls.EngineDetails;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.ProtocolSniffer;

/**
 * What every bench connection does: counts its handshake, checks the echo as it arrives, ends
 * with NUL and reads to the end of the stream, and counts every failure by kind, once.
 */
abstract class BenchHandler extends ChannelInboundHandlerAdapter {

    private static final ByteBuf NUL = Unpooled.unreleasableBuffer(Unpooled.directBuffer(1, 1).writeByte(0));

    final BenchRun run;
    final EchoCheck check;
    final long createdNanos = System.nanoTime();
    LoopStats stats;
    private boolean ended;
    private boolean done;
    private boolean failed;

    BenchHandler(BenchRun run) {
        this.run = run;
        this.check = new EchoCheck(run.payload());
    }

    /** The handshake is done: start talking. */
    abstract void handshaken(ChannelHandlerContext ctx);

    /** The whole message has come back. */
    abstract void echoed(ChannelHandlerContext ctx);

    /** The server ended the conversation as it should, after the NUL and the whole echo. */
    void finished(ChannelHandlerContext ctx) {
    }

    /** The connection failed, before or after it connected; already counted. */
    void lost() {
    }

    /** Whether the conversation got anywhere: an echo complete, or ended cleanly. */
    boolean succeeded() {
        return done || check.complete();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        stats = run.stats(ctx.channel().eventLoop());
    }

    /** Counts a connect failure, which never reaches the pipeline; call on the channel's loop. */
    void connectFailed(LoopStats loopStats, Throwable cause) {
        failed = true;
        loopStats.error(Failures.classify(cause, run.peer(), null).kind());
        lost();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(SslHandler.class) == null) {
            // No handshake in plain TCP: the conversation starts on connect.
            handshaken(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                stats.handshake(EngineDetails.isResumed(tls.engine(), createdNanos));
                handshaken(ctx);
            } else {
                fail(ctx, hs.cause());
            }
        } else if (evt instanceof SslCloseCompletionEvent || evt == ChannelInputShutdownEvent.INSTANCE) {
            endOfStream(ctx);
        } else if (evt == BenchEvent.END) {
            if (!ended && !failed && check.complete()) {
                end(ctx);
            }
        } else if (evt == BenchEvent.CUT) {
            countOnce(Failures.Kind.TIMEOUT);
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (failed || done) {
                return;
            }
            // Nothing may follow the whole echo of the last message.
            EchoCheck.Result r = ended && check.complete() ? EchoCheck.Result.MISMATCH : check.accept(in);
            if (r == EchoCheck.Result.MISMATCH) {
                if (!failed) {
                    failed = true;
                    stats.mismatch();
                    lost();
                }
                ctx.close();
            } else if (r == EchoCheck.Result.COMPLETE) {
                echoed(ctx);
            }
        } finally {
            in.release();
        }
    }

    private void endOfStream(ChannelHandlerContext ctx) {
        if (!done && !failed && ended && check.complete()) {
            done = true;
            finished(ctx);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!done && !failed && ended && check.complete()) {
            done = true;
            finished(ctx);
        }
        countOnce(Failures.Kind.CLOSED);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (!done && !failed) {
            countOnce(Failures.classify(cause, run.peer(), ProtocolSniffer.spoke(ctx.channel())).kind());
        }
        ctx.close();
    }

    private void countOnce(Failures.Kind kind) {
        if (!done && !failed) {
            failed = true;
            stats.error(kind);
            lost();
        }
    }

    /** Writes the message, flushing when asked. */
    void send(ChannelHandlerContext ctx, boolean flush) {
        if (flush) {
            ctx.writeAndFlush(run.payload().duplicate(), ctx.voidPromise());
        } else {
            ctx.write(run.payload().duplicate(), ctx.voidPromise());
        }
    }

    /** Writes and flushes the NUL; the server then finishes the echo and closes. */
    void end(ChannelHandlerContext ctx) {
        ended = true;
        ctx.writeAndFlush(NUL.duplicate(), ctx.voidPromise());
    }
}
