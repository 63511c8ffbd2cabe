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
import java.time.Duration;

/** The pipeline of a {@link ScenarioServer} connection: the misbehaviour (if any) next to the socket, TLS, the echo. */
final class ScenarioInitializer extends ChannelInitializer<Channel> {

    /** One byte every 10 ms: the server's first flight (about 1.5 KB) takes 10-15 s. */
    static final Duration TRICKLE_INTERVAL = Duration.ofMillis(10);

    private final Scenario scenario;
    private final SslContext tls;
    private final byte[] staple;
    private final ChannelGroup connections;

    ScenarioInitializer(Scenario scenario, SslContext tls, byte[] staple, ChannelGroup connections) {
        this.scenario = scenario;
        this.tls = tls;
        this.staple = staple;
        this.connections = connections;
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
        p.addLast(ssl, new NulEchoHandler(scenario == Scenario.NO_CLOSE_NOTIFY));
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
