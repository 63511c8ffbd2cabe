package io.tlsecho.testbed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.transport.Transport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The test bed's one port for every scenario it can serve there, chosen by SNI: see {@link SniRouter}. */
final class SinglePort implements AutoCloseable {

    /** What follows a scenario's name in the server name that chooses it: {@code expired.localhost}. */
    static final String SUFFIX = ".localhost";

    private final EventLoopGroup group;
    private final Channel channel;

    private SinglePort(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /** The server name that chooses {@code scenario} on the single port. */
    static String serverName(Scenario scenario) {
        return scenario.scenarioName() + SUFFIX;
    }

    /**
     * Listens on {@code host:port} (0: a free port), routing each connection by its ClientHello's server name.
     *
     * @throws ServerStartException if the port cannot be bound
     */
    static SinglePort start(String host, int port, Map<String, SniRouter.Route> routes) throws ServerStartException {
        Transport transport = Transport.auto();
        EventLoopGroup group = transport.newGroup(1);
        InetSocketAddress target = new InetSocketAddress(host, port);
        try {
            Channel channel = new ServerBootstrap().group(group).channel(transport.serverChannelClass())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new SniRouter(routes));
                        }
                    })
                    .bind(target).syncUninterruptibly().channel();
            return new SinglePort(group, channel);
        } catch (Exception e) { // the bind's exception, thrown unchecked by Netty
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw ServerStartException.bindFailed(target, e);
        }
    }

    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening and cuts the connections whose scenario is not chosen yet; the scenarios close the rest. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
