package io.tlsecho.testbed;

import io.netty.handler.ssl.ClientAuth;
import io.tlsecho.pki.PkiException;
import io.tlsecho.server.ConnectionHandler;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.EchoServerConfig;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A test bed for TLS clients: one echo listener per {@link Scenario}, each with its flaw, all
 * under a root CA written to {@code DIR/ca.crt}; running until {@link #close()}.
 */
public final class Testbed implements AutoCloseable {

    /** A scenario and the port it listens on. */
    public record Listener(Scenario scenario, int port) {
    }

    private final TestbedConfig config;
    private final List<EchoServer> servers;
    private final List<Listener> listeners;

    private Testbed(TestbedConfig config, List<EchoServer> servers, List<Listener> listeners) {
        this.config = config;
        this.servers = servers;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Makes the certificates, writes the root and the client certificate to the configured directory, and
     * starts every scenario's listener.
     *
     * @throws PkiException if the files cannot be written
     * @throws ServerStartException if a listener cannot start; its message names the scenario and the port, and
     *                              the listeners already started are closed
     */
    public static Testbed start(TestbedConfig config) throws PkiException, ServerStartException {
        TestbedPki pki = TestbedPki.create();
        pki.write(config.dir());
        List<EchoServer> servers = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        try {
            for (Scenario scenario : Scenario.values()) {
                int port = config.portBase() == 0 ? 0 : config.portBase() + scenario.ordinal();
                EchoServer server;
                try {
                    server = EchoServer.start(serverConfig(scenario, pki, config.host(), port));
                } catch (ServerStartException e) {
                    throw new ServerStartException(e.reason(), "scenario " + scenario.scenarioName() + ": "
                            + e.getMessage(), e);
                }
                servers.add(server);
                listeners.add(new Listener(scenario, server.port()));
            }
        } catch (PkiException | ServerStartException | RuntimeException e) {
            servers.forEach(EchoServer::close);
            throw e;
        }
        return new Testbed(config, servers, listeners);
    }

    private static EchoServerConfig serverConfig(Scenario scenario, TestbedPki pki, String host, int port)
            throws PkiException {
        EchoServerConfig.Builder b = EchoServer.builder(pki.identity(scenario)).host(host).port(port).threads(1)
                .drainTimeout(Duration.ofSeconds(1));
        switch (scenario) {
            case CLIENT_CERT_REQUIRED -> b.clientAuth(ClientAuth.REQUIRE, List.of(pki.root().certificate()));
            case TLS12_ONLY -> b.tls(TlsOptions.defaults().withProtocols(List.of("TLSv1.2")));
            case TLS13_ONLY -> b.tls(TlsOptions.defaults().withProtocols(List.of("TLSv1.3")));
            case HELLO -> b.handler(ConnectionHandler.helloReply());
            // BoringSSL will not sign with a key whose certificate forbids it; the JDK's engine does
            case BAD_KEY_USAGE -> b.tls(TlsOptions.defaults().withProvider(TlsProvider.JDK));
            default -> { }
        }
        return b.build();
    }

    /** Every scenario with its port, in {@link Scenario} order. */
    public List<Listener> listeners() {
        return listeners;
    }

    /** The port of {@code scenario}. */
    public int port(Scenario scenario) {
        return listeners.get(scenario.ordinal()).port();
    }

    /** Where {@code ca.crt}, {@code client.crt} and {@code client.key} are. */
    public Path dir() {
        return config.dir();
    }

    public TestbedConfig config() {
        return config;
    }

    /** Closes every listener. */
    @Override
    public void close() {
        servers.parallelStream().forEach(EchoServer::close);
    }
}
