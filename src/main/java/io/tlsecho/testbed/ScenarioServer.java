package io.tlsecho.testbed;

import io.netty.channel.ChannelOption;
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
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A testbed listener that tlsecho's echo server is not: one that staples an OCSP response, or one that misbehaves
 * at the transport (see {@link ScenarioInitializer}); it answers HTTP, or echoes until a NUL byte, like the echo
 * server.
 */
final class ScenarioServer implements AutoCloseable {

    private final Listener listener;
    private final ChannelGroup connections;
    private final ScenarioInitializer initializer;

    private ScenarioServer(Listener listener, ChannelGroup connections, ScenarioInitializer initializer) {
        this.listener = listener;
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
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerStats stats = new ServerStats();
        // HTTP as every listener answers it: ALPN h2 or http/1.1, or a request line; else the echo
        ConnectionHandler handler = ProtocolChooser.choosing(HttpMode.AUTO,
                new HttpService(HttpLimits.DEFAULTS, stats.http()), ConnectionHandler.echo());
        ScenarioInitializer initializer = new ScenarioInitializer(scenario, tls, staple, connections, stats, handler);
        Listener listener = Listener.bind(host, port, bootstrap -> bootstrap
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, scenario != Scenario.HANG_AFTER_ACCEPT)
                .childHandler(initializer));
        return new ScenarioServer(listener, connections, initializer);
    }

    /** What sets up a connection's pipeline: for connections the single port hands over. */
    ScenarioInitializer initializer() {
        return initializer;
    }

    int port() {
        return listener.port();
    }

    /** Stops listening and cuts every connection (the hanging ones would never end by themselves). */
    @Override
    public void close() {
        listener.stopAccepting();
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        listener.close();
    }
}
