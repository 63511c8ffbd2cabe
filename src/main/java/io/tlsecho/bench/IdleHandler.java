package io.tlsecho.bench;

import io.netty.channel.ChannelHandlerContext;

/** Echoes the message once, then holds the connection until told to end it. */
final class IdleHandler extends BenchHandler {

    /** Told once per connection whether it was established (handshake and first echo done). */
    interface Listener {
        void settled(boolean established);
    }

    private final Listener listener;
    private boolean settled;

    IdleHandler(BenchRun run, Listener listener) {
        super(run);
        this.listener = listener;
    }

    @Override
    void handshaken(ChannelHandlerContext ctx) {
        if (!run.running()) {
            // The hold is over before this one got through its handshake: end it; it was not established in time.
            end(ctx);
            return;
        }
        send(ctx, true);
    }

    @Override
    void echoed(ChannelHandlerContext ctx) {
        // Time to establish: connect, handshake and the first echo.
        stats.request(System.nanoTime() - createdNanos, -1, true);
        settle(true);
    }

    @Override
    void lost() {
        settle(false);
    }

    private void settle(boolean established) {
        if (!settled) {
            settled = true;
            listener.settled(established);
        }
    }
}
