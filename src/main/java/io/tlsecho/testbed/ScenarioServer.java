package io.tlsecho.testbed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tlsecho.pki.HeldCertificate;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.tlsecho.server.ConnectionHandler;
import io.tlsecho.server.HttpMode;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.server.ServerStats;
import io.tlsecho.server.http.HttpLimits;
import io.tlsecho.server.http.HttpService;
import io.tlsecho.server.http.ProtocolChooser;
import io.tlsecho.transport.Transport;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A testbed listener that tlsecho's echo server is not: one that staples an OCSP response, or one that misbehaves
 * at the transport (see {@link ScenarioInitializer}); it answers HTTP, or echoes until a NUL byte, like the echo
 * server.
 */
final class ScenarioServer implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;
    private final ChannelGroup connections;
    private final ScenarioInitializer initializer;

    private ScenarioServer(EventLoopGroup group, Channel channel, ChannelGroup connections,
            ScenarioInitializer initializer) {
        this.group = group;
        this.channel = channel;
        this.connections = connections;
        this.initializer = initializer;
    }

    /**
     * Listens on {@code host:port} (0: a free port) for {@code scenario}, presenting {@code identity} and stapling
     * {@code staple} (a DER OCSP response; null: none).
     *
     * @throws ServerStartException if the port cannot be bound or BoringSSL refuses the key
     */
    static ScenarioServer start(Scenario scenario, HeldCertificate identity, byte[] staple, String host, int port)
            throws ServerStartException {
        SslContext tls;
        try {
            tls = SslContextBuilder.forServer(identity.privateKey(), identity.chain().toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.OPENSSL).enableOcsp(staple != null)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            HttpService.H2, HttpService.HTTP_1_1))
                    .build();
        } catch (SSLException e) {
            throw new ServerStartException(ServerStartException.Reason.TLS_CONFIG, "cannot use the certificate: "
                    + e.getMessage(), e);
        }
        Transport transport = Transport.auto();
        EventLoopGroup group = transport.newGroup(1);
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        InetSocketAddress target = new InetSocketAddress(host, port);
        ServerStats stats = new ServerStats();
        // HTTP as every listener answers it: ALPN h2 or http/1.1, or a request line; else the echo
        ConnectionHandler handler = ProtocolChooser.choosing(HttpMode.AUTO,
                new HttpService(HttpLimits.DEFAULTS, stats.http()), NulEchoHandler.FACTORY);
        ScenarioInitializer initializer = new ScenarioInitializer(scenario, tls, staple, connections, stats, handler);
        try {
            Channel channel = new ServerBootstrap().group(group).channel(transport.serverChannelClass())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.AUTO_READ, scenario != Scenario.HANG_AFTER_ACCEPT)
                    .childHandler(initializer)
                    .bind(target).syncUninterruptibly().channel();
            return new ScenarioServer(group, channel, connections, initializer);
        } catch (Exception e) { // the bind's exception, thrown unchecked by Netty
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw ServerStartException.bindFailed(target, e);
        }
    }

    /** What sets up a connection's pipeline: for connections the single port hands over. */
    ScenarioInitializer initializer() {
        return initializer;
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening and cuts every connection (the hanging ones would never end by themselves). */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
