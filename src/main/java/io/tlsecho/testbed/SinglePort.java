package io.tlsecho.testbed;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.tlsecho.server.ServerStartException;
import java.util.Map;

/** The test bed's one port for every scenario it can serve there, chosen by SNI: see {@link SniRouter}. */
final class SinglePort implements AutoCloseable {

    /** What follows a scenario's name in the server name that chooses it: {@code expired.localhost}. */
    static final String SUFFIX = ".localhost";

    private final Listener listener;

    private SinglePort(Listener listener) {
        this.listener = listener;
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
        return new SinglePort(Listener.bind(host, port, bootstrap -> bootstrap
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SniRouter(routes));
                    }
                })));
    }

    int port() {
        return listener.port();
    }

    /** Stops listening and cuts the connections whose scenario is not chosen yet; the scenarios close the rest. */
    @Override
    public void close() {
        listener.close();
    }
}
