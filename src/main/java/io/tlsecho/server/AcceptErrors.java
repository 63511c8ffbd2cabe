package io.tlsecho.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.tlsecho.log.Messages;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last on each listener's pipeline, after Netty's acceptor: names a failed accept in one line, at most once a
 * second. The acceptor pauses accepting for 1 s and passes the error on; without this, it reaches the
 * pipeline's tail, which logs "An exceptionCaught() event was fired..." and not the cause. The usual cause in
 * a storm is the open-file limit: each connection the kernel queued is a file once accepted.
 */
@ChannelHandler.Sharable
final class AcceptErrors extends ChannelInboundHandlerAdapter {

    private static final Logger MAIN = LoggerFactory.getLogger("main");
    private static final long EVERY = TimeUnit.SECONDS.toNanos(1);

    static {
        // At the open-file limit no class can be loaded from a directory on the class path (each needs a file
        // opened): load what naming the failure needs now.
        Messages.of(null);
    }

    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - EVERY);
    private final AtomicLong unlogged = new AtomicLong();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last < EVERY || !lastLogged.compareAndSet(last, now)) {
            unlogged.incrementAndGet();
            return;
        }
        String message = Messages.of(cause);
        long more = unlogged.getAndSet(0);
        MAIN.warn("cannot accept a connection: {}{}{}", message,
                message.contains("Too many open files")
                        ? " (the open-file limit, ulimit -n, is reached: raise it, or lower --max-connections)" : "",
                more > 0 ? " (" + more + " more since the last such line)" : "");
    }
}
