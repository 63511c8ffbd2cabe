package io.tlsecho.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.tlsecho.tls.AnswerTimeout;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.NegotiatedSession;
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
    boolean ended;
    private boolean started;
    private boolean done;
    private boolean failed;
    private boolean progressed;

    BenchHandler(BenchRun run) {
        this.run = run;
        this.check = new EchoCheck(run.payload());
    }

    /** The handshake is done: start talking, or, when the run is already over, end at once (without a NUL, say). */
    abstract void handshaken(ChannelHandlerContext ctx);

    /** The whole message has come back. */
    abstract void echoed(ChannelHandlerContext ctx);

    /** The server ended the conversation as it should, after the NUL and the whole echo. */
    void finished(ChannelHandlerContext ctx) {
    }

    /** The connection failed, before or after it connected; already counted. */
    void lost() {
    }

    /**
     * The run is over: end the conversation now if nothing is outstanding (default: unless already ended). A
     * connection still connecting or handshaking is left alone: it sees the run is over when its handshake is done,
     * and a NUL sent now would reach the server before the message that handshake sends.
     */
    void endRequested(ChannelHandlerContext ctx) {
        if (started && !ended && !failed && check.complete()) {
            end(ctx);
        }
    }

    /** Whether the conversation got anywhere: an echo (or the handshake, where that is all) complete, or ended cleanly. */
    boolean succeeded() {
        return done || progressed;
    }

    /** Whether the connection has failed (already counted). */
    boolean failed() {
        return failed;
    }

    /** The conversation got somewhere: a later failure is the server's, not a refusal to retry slowly. */
    void progressed() {
        progressed = true;
    }

    /**
     * Records a completed request sent at {@code sentNanos}, due at {@code dueNanos} (the same in the closed model);
     * returns whether it counts in the measured figures.
     */
    boolean record(long sentNanos, long dueNanos) {
        long now = System.nanoTime();
        boolean counts = run.counts();
        stats.request(now - dueNanos, run.openModel() ? now - sentNanos : -1, counts);
        return counts;
    }

    /** The handshake completed and negotiated this; counted over the whole run (default). */
    void negotiated(boolean resumed, String protocol, String cipher, String group) {
        stats.handshake(resumed, protocol, cipher, group);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        stats = run.stats(ctx.channel().eventLoop());
    }

    /** Counts a connect failure, which never reaches the pipeline; call on the channel's loop. */
    void connectFailed(LoopStats loopStats, Throwable cause) {
        failed = true;
        loopStats.error(Failures.classify(cause, run.peer(), null));
        lost();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(SslHandler.class) == null) {
            // No handshake in plain TCP: the conversation starts on connect.
            start(ctx);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            if (hs.isSuccess()) {
                NegotiatedSession s = NegotiatedSession.of(ctx.pipeline().get(SslHandler.class), createdNanos);
                negotiated(s.resumed(), s.protocol(), s.cipherSuite(), s.group() == null ? "unknown" : s.group());
                start(ctx);
            } else {
                fail(ctx, hs.cause());
            }
        } else if (evt instanceof SslCloseCompletionEvent || evt == ChannelInputShutdownEvent.INSTANCE) {
            endOfStream(ctx);
        } else if (evt == BenchEvent.END) {
            endRequested(ctx);
        } else if (evt == BenchEvent.CUT) {
            countOnce(new Failures.Failure(Failures.Kind.TIMEOUT, run.peer() + (started
                    ? " had not finished the conversation when the drain time after the run was over"
                    : " had not finished the TLS handshake when the drain time after the run was over")));
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void start(ChannelHandlerContext ctx) {
        started = true;
        handshaken(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            if (failed || done) {
                return;
            }
            // Nothing may come but the echo of what was sent.
            EchoCheck.Result r = check.accept(in);
            if (r == EchoCheck.Result.MISMATCH) {
                if (!failed) {
                    failed = true;
                    stats.mismatch(check.mismatch(in));
                    lost();
                }
                ctx.close();
            } else if (r == EchoCheck.Result.COMPLETE) {
                progressed = true;
                AnswerTimeout.answered(ctx.channel());
                echoed(ctx);
            }
        } finally {
            in.release();
        }
    }

    private void endOfStream(ChannelHandlerContext ctx) {
        finishIfClean(ctx);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finishIfClean(ctx);
        if (!done && !failed) {
            countOnce(new Failures.Failure(Failures.Kind.CLOSED, closedMessage()));
        }
        ctx.fireChannelInactive();
    }

    /** The stream ended: a success when we had ended the conversation and nothing was outstanding. */
    private void finishIfClean(ChannelHandlerContext ctx) {
        if (!done && !failed && ended && check.complete()) {
            done = true;
            finished(ctx);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (!done && !failed) {
            countOnce(Failures.classify(cause, run.peer(), ProtocolSniffer.spoke(ctx.channel())));
        }
        ctx.close();
    }

    private void countOnce(Failures.Failure failure) {
        if (!done && !failed) {
            failed = true;
            stats.error(failure);
            lost();
        }
    }

    /** Why a connection that closed before its conversation was over failed, as {@code client} would say it. */
    private String closedMessage() {
        if (!started) {
            return run.peer() + " closed the connection during the TLS handshake";
        }
        if (!check.complete()) {
            return run.peer() + " closed the connection with " + check.received() + " of the "
                    + run.payload().size() + " bytes echoed";
        }
        return run.peer() + " closed the connection";
    }

    /** Writes the message, flushing when asked, and waits for its echo. */
    void send(ChannelHandlerContext ctx, boolean flush) {
        check.expect();
        AnswerTimeout.await(ctx.channel(), "while we waited for the echo");
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

    /** Ends without a NUL (handshake mode): what follows is closing, and a clean end of stream is a success. */
    void endQuietly() {
        ended = true;
    }

    /** The conversation succeeded whatever happens to the connection from now on. */
    void markDone() {
        done = true;
    }
}
