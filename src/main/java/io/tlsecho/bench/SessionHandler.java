package io.tlsecho.bench;

import io.netty.channel.ChannelHandlerContext;

/** One whole conversation: the message and the NUL after the handshake; done when the server closes. */
final class SessionHandler extends BenchHandler {

    SessionHandler(BenchRun run) {
        super(run);
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
    void finished(ChannelHandlerContext ctx) {
        // From before connecting to the end of the stream.
        stats.request(System.nanoTime() - createdNanos, run.measuring());
    }
}
