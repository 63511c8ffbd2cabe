package io.tlsecho.bench;

import io.netty.channel.ChannelHandlerContext;

/** Sends the message, waits for the whole echo, records the round trip, and repeats until the run stops. */
final class PingPongHandler extends BenchHandler {

    private long sentNanos;

    PingPongHandler(BenchRun run) {
        super(run);
    }

    @Override
    void handshaken(ChannelHandlerContext ctx) {
        next(ctx);
    }

    @Override
    void echoed(ChannelHandlerContext ctx) {
        stats.request(System.nanoTime() - sentNanos, run.measuring());
        if (run.running()) {
            check.reset();
            next(ctx);
        } else {
            end(ctx);
        }
    }

    private void next(ChannelHandlerContext ctx) {
        sentNanos = System.nanoTime();
        send(ctx, true);
    }
}
