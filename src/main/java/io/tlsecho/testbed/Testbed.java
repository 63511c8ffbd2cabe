package io.tlsecho.testbed;

import io.netty.handler.ssl.ClientAuth;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import io.tlsecho.pki.Revocations;
import io.tlsecho.server.ConnectionHandler;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.EchoServerConfig;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A test bed for TLS clients: one echo listener per {@link Scenario}, each with its flaw, all
 * under a root CA written to {@code DIR/ca.crt}; running until {@link #close()}.
 */
public final class Testbed implements AutoCloseable {

    /** A scenario and the port it listens on. */
    public record Listener(Scenario scenario, int port) {
    }

    private final TestbedConfig config;
    private final List<AutoCloseable> servers;
    private final List<Listener> listeners;
    private final String responderUrl;
    private final int responderPort;
    private final SinglePort singlePort;

    private Testbed(TestbedConfig config, List<AutoCloseable> servers, List<Listener> listeners, String responderUrl,
            int responderPort, SinglePort singlePort) {
        this.config = config;
        this.servers = servers;
        this.listeners = List.copyOf(listeners);
        this.responderUrl = responderUrl;
        this.responderPort = responderPort;
        this.singlePort = singlePort;
    }

    /**
     * Starts the revocation responder, makes the certificates, writes the root and the client certificate to the
     * configured directory, and starts every scenario's listener.
     *
     * @throws PkiException if the files cannot be written
     * @throws ServerStartException if a listener cannot start; its message names the scenario and the port, and
     *                              the listeners already started are closed
     */
    public static Testbed start(TestbedConfig config) throws PkiException, ServerStartException {
        List<AutoCloseable> servers = new ArrayList<>();
        List<Listener> listeners = new ArrayList<>();
        Map<String, SniRouter.Route> routes = new HashMap<>();
        try {
            Revocations revocations = new Revocations();
            int responderPort = config.portBase() == 0 ? 0 : config.portBase() + Scenario.values().length;
            RevocationResponder responder = RevocationResponder.start(config.host(), responderPort, revocations);
            servers.add(responder);
            String url = "http://" + urlHost(config.host()) + ":" + responder.port();
            TestbedPki pki = TestbedPki.create(revocations, url);
            pki.write(config.dir());
            for (Scenario scenario : Scenario.values()) {
                int port = config.portBase() == 0 ? 0 : config.portBase() + scenario.ordinal();
                try {
                    HeldCertificate identity = pki.identity(scenario);
                    byte[] staple = Revocation.staple(scenario, identity, pki);
                    if (staple != null || ScenarioInitializer.misbehaves(scenario)) {
                        ScenarioServer server = ScenarioServer.start(scenario, identity, staple, config.host(), port);
                        servers.add(server);
                        listeners.add(new Listener(scenario, server.port()));
                        route(routes, scenario, new SniRouter.Route(server.initializer(), false));
                    } else {
                        EchoServer server = EchoServer.start(serverConfig(scenario, identity, pki, config.host(), port));
                        servers.add(server);
                        listeners.add(new Listener(scenario, server.port()));
                        route(routes, scenario, new SniRouter.Route(server.connectionInitializer(), true));
                    }
                } catch (ServerStartException e) {
                    throw new ServerStartException(e.reason(), "scenario " + scenario.scenarioName() + ": "
                            + e.getMessage(), e);
                }
            }
            SinglePort single = null;
            if (config.singlePort() != null) {
                try {
                    single = SinglePort.start(config.host(), config.singlePort(), routes);
                } catch (ServerStartException e) {
                    throw new ServerStartException(e.reason(), "single port: " + e.getMessage(), e);
                }
            }
            return new Testbed(config, servers, listeners, url, responder.port(), single);
        } catch (PkiException | ServerStartException | RuntimeException e) {
            closeAll(servers);
            throw e;
        }
    }

    /** The host as it goes in a URL: an IPv6 literal bracketed, a wildcard address replaced by loopback. */
    private static String urlHost(String host) {
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            return "127.0.0.1";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void closeAll(List<AutoCloseable> servers) {
        servers.parallelStream().forEach(s -> {
            try {
                s.close();
            } catch (Exception e) {
                // closing is best effort: the rest still close
            }
        });
    }

    private static EchoServerConfig serverConfig(Scenario scenario, HeldCertificate identity, TestbedPki pki,
            String host, int port) throws PkiException {
        EchoServerConfig.Builder b = EchoServer.builder(identity).host(host).port(port).threads(1)
                .connectionName(scenario.scenarioName()).drainTimeout(Duration.ofSeconds(1));
        switch (scenario) {
            case CLIENT_CERT_REQUIRED -> b.clientAuth(ClientAuth.REQUIRE, List.of(pki.root().certificate()));
            case TLS12_ONLY -> b.tls(TlsOptions.defaults().withProtocols(List.of("TLSv1.2")));
            case TLS13_ONLY -> b.tls(TlsOptions.defaults().withProtocols(List.of("TLSv1.3")));
            case HELLO -> b.handler(ConnectionHandler.helloReply());
            // BoringSSL will not sign with a key whose certificate forbids it; the JDK's engine does
            case BAD_KEY_USAGE -> b.tls(TlsOptions.defaults().withProvider(TlsProvider.JDK));
            // on the single port its name is no-san.localhost: a CN of localhost would be wrong for another reason
            case NO_SAN -> b.sni(SinglePort.serverName(scenario), pki.noSan(SinglePort.serverName(scenario)));
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

    /** The port that serves every scenario by SNI ({@link #serverName}); empty when there is none. */
    public OptionalInt singlePort() {
        return singlePort == null ? OptionalInt.empty() : OptionalInt.of(singlePort.port());
    }

    /** The server name that chooses {@code scenario} on the single port: {@code <scenario>.localhost}. */
    public static String serverName(Scenario scenario) {
        return SinglePort.serverName(scenario);
    }

    /** Why {@code scenario} is not on the single port; empty when it is. */
    public static Optional<String> notOnSinglePort(Scenario scenario) {
        return scenario == Scenario.HANG_AFTER_ACCEPT
                ? Optional.of("it never reads, so no ClientHello can choose it: use its own port")
                : Optional.empty();
    }

    private static void route(Map<String, SniRouter.Route> routes, Scenario scenario, SniRouter.Route route) {
        if (notOnSinglePort(scenario).isEmpty()) {
            routes.put(SinglePort.serverName(scenario), route);
        }
    }

    /** Where {@code ca.crt}, {@code client.crt} and {@code client.key} are. */
    public Path dir() {
        return config.dir();
    }

    public TestbedConfig config() {
        return config;
    }

    /** Where the CRLs ({@code /crl/root.crl}, {@code /crl/intermediate.crl}) and OCSP ({@code /ocsp}) are. */
    public String responderUrl() {
        return responderUrl;
    }

    /** The revocation responder's port. */
    public int responderPort() {
        return responderPort;
    }

    /** Closes every listener and the responder: the single port first, then the scenarios it hands connections to. */
    @Override
    public void close() {
        if (singlePort != null) {
            singlePort.close();
        }
        closeAll(servers);
    }
}
