package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.tlsecho.log.ConnectionLog;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The pipeline of each accepted connection: TLS, then the idle timer, then the echo. */
final class EchoServerInitializer extends ChannelInitializer<Channel> {

    static final String LOGGER = "echo";

    private final EchoServerConfig config;
    private final Supplier<SslContext> sslContext;
    private final ServerStats stats;
    private final ChannelGroup channels;

    EchoServerInitializer(EchoServerConfig config, Supplier<SslContext> sslContext, ServerStats stats,
                          ChannelGroup channels) {
        this.config = config;
        this.sslContext = sslContext;
        this.stats = stats;
        this.channels = channels;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (!stats.tryOpen(config.maxConnections())) {
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> stats.closed());
        channels.add(ch);

        ConnectionLog log = ConnectionLog.of(LOGGER, connectionName(ch));
        SslHandler tls = sslContext.get().newHandler(ch.alloc());
        tls.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        ChannelPipeline p = ch.pipeline();
        // First keep the first bytes, to name what a peer that fails the handshake speaks.
        FirstBytes firstBytes = new FirstBytes();
        p.addLast("first-bytes", firstBytes);
        // Then TLS: everything after it sees plaintext.
        p.addLast("tls", tls);
        // Then close connections that pass no byte either way for too long.
        p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        // Then the echo itself.
        p.addLast("echo", new EchoServerHandler(log, stats, firstBytes));
    }

    /** {@code echo_<peer host>_<peer port>}, as the seed names its per-connection logger. */
    static String connectionName(Channel ch) {
        if (ch.remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null) {
            return "echo_" + NetUtil.toAddressString(peer.getAddress()) + "_" + peer.getPort();
        }
        return "echo_" + ch.remoteAddress();
    }
}
