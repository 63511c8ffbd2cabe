package io.tlsecho.testbed;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.server.ConnectionHandler;
import io.tlsecho.server.ConnectionStart;
import io.tlsecho.server.ServerStats;
import io.tlsecho.tls.ClientHelloTap;
import java.time.Duration;

/**
 * The pipeline of a {@link ScenarioServer} connection: the misbehaviour (if any) next to the socket, TLS, then HTTP
 * or the echo, chosen as tlsecho's server chooses.
 */
final class ScenarioInitializer extends ChannelInitializer<Channel> {

    /** One byte every 10 ms: the server's first flight (about 1.5 KB) takes 10-15 s. */
    static final Duration TRICKLE_INTERVAL = Duration.ofMillis(10);

    private final Scenario scenario;
    private final SslContext tls;
    private final byte[] staple;
    private final ChannelGroup connections;
    private final ServerStats stats;
    private final ConnectionHandler handler;

    /** {@code handler}: what the connection does once TLS is up (HTTP, or the echo). */
    ScenarioInitializer(Scenario scenario, SslContext tls, byte[] staple, ChannelGroup connections, ServerStats stats,
            ConnectionHandler handler) {
        this.scenario = scenario;
        this.tls = tls;
        this.staple = staple;
        this.connections = connections;
        this.stats = stats;
        this.handler = handler;
    }

    /** Whether {@code scenario} misbehaves at the transport, so that tlsecho's echo server cannot serve it. */
    static boolean misbehaves(Scenario scenario) {
        return switch (scenario) {
            case HANG_AFTER_HELLO, HANG_AFTER_ACCEPT, TRICKLE, TCP_FRAGMENTS, NO_CLOSE_NOTIFY, RESET_MID_HANDSHAKE -> true;
            default -> false;
        };
    }

    @Override
    protected void initChannel(Channel ch) {
        connections.add(ch);
        ChannelPipeline p = ch.pipeline();
        switch (scenario) {
            case HANG_AFTER_ACCEPT -> {
                return; // auto-read is off: nothing is ever read
            }
            case HANG_AFTER_HELLO -> {
                p.addLast(new Swallow());
                return;
            }
            case TRICKLE -> p.addLast(new TrickleHandler(TRICKLE_INTERVAL));
            case TCP_FRAGMENTS -> p.addLast(new TrickleHandler(Duration.ZERO));
            case RESET_MID_HANDSHAKE -> p.addLast(new ResetAfterFirstRecord());
            default -> { }
        }
        SslHandler ssl = tls.newHandler(ch.alloc());
        // the trickled handshake takes longer than the usual 10 s
        ssl.setHandshakeTimeoutMillis(Duration.ofMinutes(2).toMillis());
        if (staple != null) {
            ((ReferenceCountedOpenSslEngine) ssl.engine()).setOcspResponse(staple);
        }
        // The ClientHello as the client sent it, for the HTTP description; then TLS
        p.addLast(new ClientHelloTap(), ssl);
        if (scenario == Scenario.NO_CLOSE_NOTIFY) {
            p.addLast(new CutBeneathTls());
        }
        // then, once the handshake is done, HTTP or the echo as on every other scenario's listener
        p.addLast(ConnectionStart.afterHandshake(ch, scenario.scenarioName(), stats, handler));
    }

    /** Reads and drops everything: the ClientHello is taken and never answered. */
    private static final class Swallow extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
