package io.tlsecho.cli;

import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.transport.ProxyHeaderSender;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which server a client talks to and how: shared by {@code client} and {@code bench}. */
public final class TargetOptions {

    @Option(names = "--host", defaultValue = "localhost", description = "Server name or address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "10000", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--servername", paramLabel = "NAME", description = "SNI name to send and verify (default: the host, unless it is an IP address).")
    String serverName;

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "10s", description = "Time allowed to connect (default: ${DEFAULT-VALUE}).")
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

    /** A client configuration from these options, for the caller to complete and build. */
    EchoClientConfig.Builder builder() {
        return EchoClientConfig.builder()
                .host(host).port(port).serverName(serverName)
                .trust(trust.trust(host))
                .certificate(keys.given() ? keys.load() : null)
                .tls(tls.options()).transport(tls.transport())
                .connectTimeout(connectTimeout)
                .sendProxy(sendProxy);
    }
}
