package io.tlsecho.bench;

import io.netty.channel.ChannelHandlerContext;

/** One whole conversation: the message and the NUL after the handshake; done when the server closes. */
final class SessionHandler extends BenchHandler {

    private final long dueNanos;

    /** {@code dueNanos}: when the session was due (open model), else when it began. */
    SessionHandler(BenchRun run, long dueNanos) {
        super(run);
        this.dueNanos = dueNanos;
    }

    @Override
    void handshaken(ChannelHandlerContext ctx) {
        // The message and the NUL go out in one flush.
        send(ctx, false);
        end(ctx);
    }

    @Override
    void echoed(ChannelHandlerContext ctx) {
        // Done only once the server closes.
    }

    @Override
    void endRequested(ChannelHandlerContext ctx) {
        // A session ends by itself.
    }

    @Override
    void finished(ChannelHandlerContext ctx) {
        // From before connecting to the end of the stream.
        record(createdNanos, dueNanos);
    }
}
