package io.tlsecho.cli;

import io.netty.handler.ssl.ClientAuth;
import io.netty.util.NetUtil;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.log.Logging;
import io.tlsecho.pki.PkiException;
import io.tlsecho.pki.TrustMaterial;
import io.tlsecho.server.AdminServer;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.EchoServerConfig;
import io.tlsecho.server.HttpMode;
import io.tlsecho.server.KeySource;
import io.tlsecho.server.Limits;
import io.tlsecho.server.Listening;
import io.tlsecho.server.ProxyProtocol;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.server.ServerTlsConfig;
import io.tlsecho.server.http.HttpLimits;
import io.tlsecho.tls.TlsOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tlsecho server}: runs the echo server until SIGINT or SIGTERM. */
@Command(name = "server", mixinStandardHelpOptions = true, defaultValueProvider = ServerCommand.Defaults.class,
        description = {"Run the TLS echo server.",
                "Without --cert/--key or --keystore it presents ./tlsecho.crt and ./tlsecho.key, and writes a fresh "
                        + "self-signed pair for localhost, 127.0.0.1 and ::1 there first when both are absent."})
final class ServerCommand implements Callable<Integer> {

    /** Each option's default, from the library's builders. */
    static final class Defaults extends BuilderDefaults {
        Defaults() {
            super(Listening.builder().build(), Limits.builder().build(),
                    ServerTlsConfig.builder(KeySource.defaultFiles()).build(), HttpLimits.DEFAULTS,
                    EchoServer.plainBuilder().build());
        }
    }

    /** The sections of {@code server --help}. */
    static final OptionSections HELP_SECTIONS = new OptionSections()
            .section("Listening", "--host", "--port", "--backlog", "--threads", "--transport", "--proxy-protocol")
            .section("TLS", "--cert", "--key", "--key-password", "--key-password-file", "--keystore",
                    "--keystore-password", "--keystore-password-file", "--allow-expired", "--sni", "--reload-interval",
                    "--provider", "--tls-version", "--ciphers", "--groups", "--alpn", "--keylog-file", "--plain")
            .section("Client authentication", "--client-auth", "--client-ca", "--client-ca-password")
            .section("Limits", "--handshake-timeout", "--idle-timeout", "--drain-timeout", "--max-connections",
                    "--max-handshakes")
            .section("HTTP", "--http", "--max-body")
            .section("Operations", "--admin", "--help", "--version")
            .section("Logging", "--verbose", "--quiet", "--debug", "--log-format");

    /** The options that configure TLS, which plain TCP refuses. */
    private static final List<String> TLS_OPTIONS = List.of("--cert", "--key", "--key-password",
            "--key-password-file", "--keystore", "--keystore-password", "--keystore-password-file", "--allow-expired",
            "--sni", "--reload-interval", "--provider", "--tls-version", "--ciphers", "--groups", "--alpn",
            "--keylog-file", "--client-auth", "--client-ca", "--client-ca-password");

    private static final Logger MAIN = LoggerFactory.getLogger("main");

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Mixin
    KeyMaterialOptions keys;

    @Mixin
    TlsSettings tls;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Name or address to listen on; every address it resolves to is bound (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Port, 0 for a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--client-auth", paramLabel = "none|optional|require",
            description = "Ask for a client certificate (default: ${DEFAULT-VALUE}).")
    ClientAuth clientAuth;

    @Option(names = "--client-ca", paramLabel = "FILE", description = "CA certificates trusted for client certificates.")
    Path clientCa;

    @Option(names = "--client-ca-password", paramLabel = "PASSWORD",
            description = "Password of a --client-ca keystore (PKCS#12).")
    String clientCaPassword;

    @Option(names = "--sni", paramLabel = "NAME=CERT,KEY",
            description = "Present CERT/KEY to clients asking for NAME (wildcards like *.example.com allowed); repeatable.")
    List<String> sni = new ArrayList<>();

    @Option(names = "--reload-interval", paramLabel = "DURATION",
            description = "How often to check the certificate and key files for changes (default: ${DEFAULT-VALUE}; 0: never); SIGHUP reloads at once. Files that fail to load, or vanish, leave the old ones in service.")
    Duration reloadInterval;

    @Option(names = "--threads", paramLabel = "N", description = "Event loop threads (default: ${DEFAULT-VALUE}, one per core); the server accepts on one of them.")
    int threads;

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", description = "Time allowed for a TLS handshake, > 0 (default: ${DEFAULT-VALUE}).")
    Duration handshakeTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "Close connections with no byte either way for this long, > 0 (default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--max-connections", paramLabel = "N", description = "Connections open at once, >= 1; more are closed on arrival (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "On SIGTERM/SIGINT, time open conversations get to finish; 0 cuts them at once (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--admin", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "Serve plain HTTP on HOST:PORT: /metrics (Prometheus), /healthz, /readyz, /status (default: off).")
    InetSocketAddress admin;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "text: the seed's 'name: message' lines; json: one JSON object per line, for log pipelines (default: ${DEFAULT-VALUE}).")
    Logging.Format logFormat;

    @Option(names = "--plain", description = "Plain TCP without TLS: nothing is encrypted, no key is made, read or logged. Only for measuring what TLS costs (bench --plain); takes no TLS option.")
    boolean plain;

    @Option(names = "--proxy-protocol", paramLabel = "off|v1|v2|any",
            description = "Expect a PROXY protocol header first (HAProxy's send-proxy is v1, send-proxy-v2 is v2), "
                    + "within the handshake timeout; the client it names is the connection's peer. A connection "
                    + "without the header expected is closed, logged and counted (default: ${DEFAULT-VALUE}).")
    ProxyProtocol proxyProtocol;

    @Option(names = "--max-handshakes", paramLabel = "N|off",
            description = "Handshakes in flight at once, from accept to handshake end (a connection silent for 0.5 s "
                    + "gives its place up); at the bound the server stops accepting and new connections wait in the "
                    + "kernel's accept queue, their handshake timeout not yet started (default: ${DEFAULT-VALUE}, 8 per core; off: no bound).")
    String maxHandshakes;

    @Option(names = "--backlog", paramLabel = "N",
            description = "Length of the kernel's accept queue, which the kernel caps at net.core.somaxconn (a warning "
                    + "at start says so) (default: ${DEFAULT-VALUE}, the system's net.core.somaxconn).")
    int backlog;

    @Option(names = "--http", paramLabel = "auto|alpn|off",
            description = "Answer HTTP/1.1 and HTTP/2 clients with a description of their connection (JSON, or a page "
                    + "for browsers) and /echo: chosen by ALPN or, without it, by the first bytes (auto), by ALPN only "
                    + "(alpn), or never, the seed's echo only (off). Echo clients are served as before (default: ${DEFAULT-VALUE}).")
    HttpMode http;

    @Option(names = "--max-body", paramLabel = "BYTES",
            description = "Largest HTTP request body, >= 0; a larger one is answered 413 (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Override
    public Integer call() throws Exception {
        logging.apply(System.err, logFormat);
        refuseTlsOptionsWhenPlain();
        EchoServerConfig config = config();
        // Caught from before "starting up" is logged, so that whoever waited for that line may stop us in order.
        AtomicReference<EchoServer> started = new AtomicReference<>();
        Signals signals = new Signals(() -> {
            EchoServer s = started.get();
            if (s != null) {
                s.requestReload();
            }
        });
        EchoServer server;
        AdminServer adminServer = null;
        try {
            server = EchoServer.start(config);
            started.set(server);
        } catch (ServerStartException e) {
            throw UserException.of(e);
        } catch (InvalidSettingException e) {
            throw UserException.of(e);
        }
        try {
            if (admin != null) {
                adminServer = AdminServer.start(admin, server);
                MAIN.info("admin endpoint on http://{}/metrics", NetUtil.toSocketAddressString(adminServer.address()));
            }
            if (signals.hangupIgnored()) {
                MAIN.warn(reloadInterval.isZero()
                        ? "SIGHUP is ignored (started under nohup?): the certificates are never reloaded"
                        : "SIGHUP is ignored (started under nohup?): the certificates reload only when their files "
                                + "change (--reload-interval)");
            }
            signals.awaitStop();
        } catch (ServerStartException e) {
            // Only the admin endpoint starts here: name its option.
            server.close();
            UserException user = UserException.of(e);
            throw new UserException(user.exitCode(), "--admin: " + user.getMessage(), e);
        }
        // The admin endpoint outlives the drain, so that /readyz says 503 all through it.
        server.close();
        if (adminServer != null) {
            adminServer.close();
        }
        return ExitCode.OK;
    }

    private int maxHandshakes() {
        if (maxHandshakes.equalsIgnoreCase("off")) {
            return Integer.MAX_VALUE;
        }
        try {
            return Integer.parseInt(maxHandshakes);
        } catch (NumberFormatException e) {
            throw new UserException(ExitCode.USAGE, "--max-handshakes: " + maxHandshakes + " (expected: a number > 0, or off)");
        }
    }

    /** The server's configuration from the options: listening, limits, and TLS unless --plain. */
    EchoServerConfig config() {
        try {
            EchoServerConfig.Builder b = plain ? EchoServer.plainBuilder() : EchoServer.builder(tlsConfig());
            return b.host(host).port(port).backlog(backlog).threads(threads).transport(tls.transport())
                    .proxyProtocol(proxyProtocol)
                    .handshakeTimeout(handshakeTimeout).idleTimeout(idleTimeout).drainTimeout(drainTimeout)
                    .maxConnections(maxConnections).maxHandshakes(maxHandshakes())
                    .http(http).maxBody(maxBody)
                    .build();
        } catch (InvalidSettingException e) {
            throw UserException.of(e);
        }
    }

    /** The TLS part: key material (the default pair unless named), SNI, client authentication, options. */
    private ServerTlsConfig tlsConfig() {
        List<X509Certificate> cas = List.of();
        if (clientCa != null) {
            try {
                cas = TrustMaterial.read(clientCa, clientCaPassword == null ? null : clientCaPassword.toCharArray());
            } catch (PkiException e) {
                throw UserException.of(e, "--client-ca-password");
            }
        } else if (clientAuth != ClientAuth.NONE) {
            throw new UserException(ExitCode.USAGE, "--client-auth " + clientAuth.name().toLowerCase(Locale.ROOT)
                    + " needs --client-ca FILE (the CA that issues client certificates)");
        }
        ServerTlsConfig.Builder b = ServerTlsConfig.builder(keys.given() ? keys.keySource()
                : KeySource.defaultFiles().allowExpired(keys.allowExpired));
        for (String spec : sni) {
            SniSpec s = SniSpec.parse(spec);
            b.sni(s.name(), KeySource.pemFiles(s.cert(), s.key(), keys.keyPassword()).allowExpired(keys.allowExpired));
        }
        TlsOptions options;
        try {
            options = tls.options();
        } catch (InvalidSettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage());
        }
        return b.options(options).reloadInterval(reloadInterval).clientAuth(clientAuth, cas).build();
    }

    /** Plain TCP has no TLS: an option that configures TLS beside --plain is a mistake, said before anything runs. */
    private void refuseTlsOptionsWhenPlain() {
        if (!plain) {
            return;
        }
        for (String option : TLS_OPTIONS) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UserException(ExitCode.USAGE, "--plain: no TLS, so " + option + " has nothing to configure");
            }
        }
    }

    /** One {@code --sni NAME=CERT,KEY}. */
    record SniSpec(String name, Path cert, Path key) {
        static SniSpec parse(String spec) {
            int eq = spec.indexOf('=');
            int comma = spec.indexOf(',', eq + 1);
            if (eq <= 0 || comma < 0 || comma == spec.length() - 1) {
                throw new UserException(ExitCode.USAGE, "--sni " + spec + ": expected NAME=CERT,KEY");
            }
            return new SniSpec(spec.substring(0, eq), Path.of(spec.substring(eq + 1, comma)),
                    Path.of(spec.substring(comma + 1)));
        }
    }
}
