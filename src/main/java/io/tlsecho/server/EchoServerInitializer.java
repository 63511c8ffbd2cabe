package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.tls.ProtocolSniffer;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pipeline of each accepted connection: the lingering close, then (unless plaintext) a look at
 * the first bytes and TLS, then the idle timer, then the echo.
 */
final class EchoServerInitializer extends ChannelInitializer<Channel> {

    static final String LOGGER = "echo";
    static final long LINGER_MILLIS = 2000;

    private final EchoServerConfig config;
    private final Supplier<ServerTls> tls;
    private final ServerStats stats;
    private final ChannelGroup channels;

    EchoServerInitializer(EchoServerConfig config, Supplier<ServerTls> tls, ServerStats stats,
                          ChannelGroup channels) {
        this.config = config;
        this.tls = tls;
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
        ChannelPipeline p = ch.pipeline();
        // Closing half first, so that nothing the client has not read yet is lost to a reset.
        p.addLast("linger", new LingeringClose(LINGER_MILLIS));
        if (!config.plaintext()) {
            // A look at the first bytes, so a failed handshake can say what the client spoke instead.
            p.addLast("sniff", new ProtocolSniffer());
            // Then TLS: everything after it sees plaintext.
            p.addLast("tls", tls.get().newHandler(ch, config.handshakeTimeout().toMillis()));
        }
        // Then close connections that pass no byte either way for too long.
        p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        // Then the echo itself.
        p.addLast("echo", new EchoServerHandler(log, stats, !config.plaintext()));
    }

    /** {@code echo_<peer host>_<peer port>}, as the seed names its per-connection logger. */
    static String connectionName(Channel ch) {
        if (ch.remoteAddress() instanceof InetSocketAddress peer && peer.getAddress() != null) {
            return "echo_" + NetUtil.toAddressString(peer.getAddress()) + "_" + peer.getPort();
        }
        return "echo_" + ch.remoteAddress();
    }
}
