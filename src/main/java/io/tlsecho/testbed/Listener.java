package io.tlsecho.testbed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.transport.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One listening socket of the test bed with its own event loop: the responder's, the single port's, a scenario's. */
final class Listener implements AutoCloseable {

    private final EventLoopGroup group;
    private final Channel channel;

    private Listener(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code host:port} (0: a free port); {@code children} sets up the bootstrap's accepted connections.
     *
     * @throws ServerStartException if the port cannot be bound
     */
    static Listener bind(String host, int port, Consumer<ServerBootstrap> children) throws ServerStartException {
        Transport transport = Transport.auto();
        EventLoopGroup group = transport.newGroup(1);
        InetSocketAddress target = new InetSocketAddress(host, port);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap().group(group).channel(transport.serverChannelClass());
            children.accept(bootstrap);
            return new Listener(group, bootstrap.bind(target).syncUninterruptibly().channel());
        } catch (Exception e) { // the bind's exception, thrown unchecked by Netty
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw ServerStartException.bindFailed(target, e);
        }
    }

    /** The bound port. */
    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops accepting connections; those accepted go on until {@link #close()}. */
    void stopAccepting() {
        channel.close().syncUninterruptibly();
    }

    /** Stops accepting and shuts the event loop down, ending every connection on it. */
    @Override
    public void close() {
        stopAccepting();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
