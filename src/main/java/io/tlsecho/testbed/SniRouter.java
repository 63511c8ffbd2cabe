package io.tlsecho.testbed;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.util.concurrent.Future;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a single-port connection's ClientHello and hands the connection to the scenario its server name chooses:
 * that scenario's initializer builds the pipeline after this handler, which then steps aside and passes the
 * ClientHello's bytes on, untouched. An unknown name, or none, gets a fatal unrecognized_name alert (RFC 6066).
 */
final class SniRouter extends AbstractSniHandler<SniRouter.Route> {

    /** What serves one scenario on the single port: its pipeline's initializer, and whether it half-closes. */
    record Route(ChannelHandler initializer, boolean halfClosure) {
    }

    /** A TLS record: alert, TLS 1.2 record version, length 2, fatal, unrecognized_name (112). */
    private static final byte[] UNRECOGNIZED_NAME = {21, 3, 3, 0, 2, 2, 112};
    private static final Logger LOG = LoggerFactory.getLogger("testbed.single-port");
    private static final long HELLO_TIMEOUT_MILLIS = 10_000;

    private final Map<String, Route> routes;

    /** {@code routes}: by server name, in lower case. */
    SniRouter(Map<String, Route> routes) {
        super(HELLO_TIMEOUT_MILLIS);
        this.routes = routes;
    }

    @Override
    protected Future<Route> lookup(ChannelHandlerContext ctx, String hostname) {
        Route route = hostname == null ? null : routes.get(hostname.toLowerCase(Locale.ROOT));
        return ctx.executor().newSucceededFuture(route);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, String hostname, Future<Route> future) {
        Route route = future.getNow();
        if (route == null) {
            LOG.info("{}: server name {}: no such scenario, answering unrecognized_name", ctx.channel().remoteAddress(),
                    hostname == null ? "none" : hostname);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(UNRECOGNIZED_NAME)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (route.halfClosure()) {
            ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        }
        // The scenario's handlers go after this one; removing it passes the buffered ClientHello to them.
        ctx.pipeline().addLast(route.initializer());
        ctx.pipeline().remove(this);
    }
}
