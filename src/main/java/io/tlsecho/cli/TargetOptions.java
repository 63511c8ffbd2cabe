package io.tlsecho.cli;

import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.transport.ProxyHeaderSender;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which server a client talks to and how: shared by {@code client} and {@code bench}; defaults from {@link ClientDefaults}. */
public final class TargetOptions {

    @Option(names = "--host", description = "Server name or address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, description = "Server port (default: ${DEFAULT-VALUE}).")
    Integer port;

    @Option(names = "--servername", paramLabel = "NAME",
            description = "Name to send by SNI and verify, sent as given, also without a dot (default: the host, "
                    + "sent by SNI when it has a dot and is no IP address).")
    String serverName;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "Time allowed to connect (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--send-proxy", paramLabel = "v1|v2",
            description = "Send a PROXY protocol header naming our own addresses before TLS, as a load balancer does, "
                    + "for a server that expects one (default: none).")
    ProxyHeaderSender.Version sendProxy;

    @Mixin
    TrustOptions trust;

    @Mixin
    KeyMaterialOptions keys;

    @Mixin
    TlsSettings tls;

    /** A client configuration from the options given (the builder has the rest), for the caller to complete and build. */
    EchoClientConfig.Builder builder() {
        EchoClientConfig.Builder b = EchoClientConfig.builder();
        if (host != null) {
            b.host(host);
        }
        if (port != null) {
            b.port(port);
        }
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        return b.serverName(serverName)
                .trust(trust.trust(host != null ? host : EchoClientConfig.builder().build().host()))
                .certificate(keys.given() ? keys.load() : null)
                .tls(tls.options()).transport(tls.transport())
                .sendProxy(sendProxy);
    }

    /** {@code b} built; a value it refuses is reported with the option the user typed. */
    static EchoClientConfig build(EchoClientConfig.Builder b) {
        try {
            return b.build();
        } catch (InvalidSettingException e) {
            throw new UserException(ExitCode.USAGE, option(e.setting()) + ": " + e.value() + " (expected: " + e.expected() + ")", e);
        }
    }

    /** The option that gives a client setting. */
    static String option(String setting) {
        return switch (setting) {
            case "readTimeout" -> "--timeout";
            case "serverName" -> "--servername";
            default -> "--" + setting.replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
        };
    }
}
