package io.tlsecho.server;

import io.netty.handler.ssl.ClientAuth;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.config.Settings;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.http.HttpLimits;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.transport.Transport;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything an {@link EchoServer} needs, validated once: where it listens, its limits, its TLS (absent: plain
 * TCP), and what each connection does once established.
 *
 * @param listening address, accept queue, transport, threads and PROXY protocol
 * @param limits timeouts and bounds
 * @param tls the TLS part, or null for plain TCP (nothing encrypted: a floor for benchmarks, never for use)
 * @param handler what a connection does after TLS; {@link ConnectionHandler#echo()} by default
 * @param http whether a connection may be answered over HTTP instead of by the handler: by ALPN or the first bytes
 * @param httpLimits what HTTP clients are held to
 */
public record EchoServerConfig(Listening listening, Limits limits, ServerTlsConfig tls, ConnectionHandler handler,
                               HttpMode http, HttpLimits httpLimits) {

    public EchoServerConfig {
        Settings.requirePresent("listening", listening);
        Settings.requirePresent("limits", limits);
        Settings.requirePresent("handler", handler);
        Settings.requirePresent("http", http);
        Settings.requirePresent("httpLimits", httpLimits);
        if (tls == null && handler.readsClientHello()) {
            throw new InvalidSettingException("handler", handler.name(), "a server with TLS (it reads the ClientHello)");
        }
    }

    /** The TLS part, empty for plain TCP. */
    public Optional<ServerTlsConfig> tlsConfig() {
        return Optional.ofNullable(tls);
    }

    /** A builder for a TLS server configured by {@code tls}. */
    public static Builder builder(ServerTlsConfig tls) {
        return new Builder(Settings.requirePresent("tls", tls), null);
    }

    /** A builder for a TLS server presenting what {@code keys} holds; TLS settings go through {@link Builder}. */
    public static Builder builder(KeySource keys) {
        return new Builder(null, ServerTlsConfig.builder(keys));
    }

    /** A builder for a plain TCP server: no TLS, so no keys made, read or logged. */
    public static Builder plain() {
        return new Builder(null, null);
    }

    /**
     * A fluent builder: listening and limits setters, the handler, and (for a server built with keys) the TLS
     * setters; each setter's Javadoc gives its default.
     */
    public static final class Builder {
        private final Listening.Builder listening = Listening.builder();
        private final Limits.Builder limits = Limits.builder();
        private final ServerTlsConfig fixedTls;
        private final ServerTlsConfig.Builder tls;
        private ConnectionHandler handler = ConnectionHandler.echo();
        private HttpMode http = HttpMode.AUTO;
        private HttpLimits httpLimits = HttpLimits.DEFAULTS;

        private Builder(ServerTlsConfig fixedTls, ServerTlsConfig.Builder tls) {
            this.fixedTls = fixedTls;
            this.tls = tls;
        }

        /** The name or address to listen on; every address it resolves to is bound. Default {@code localhost}. */
        public Builder host(String host) {
            listening.host(host);
            return this;
        }

        /** The port; 0 picks a free one. Default 10000, the seed's. */
        public Builder port(int port) {
            listening.port(port);
            return this;
        }

        /** The listen backlog. Default: the system's {@code net.core.somaxconn}. */
        public Builder backlog(int backlog) {
            listening.backlog(backlog);
            return this;
        }

        /** The I/O transport. Default {@link Transport#auto()}. */
        public Builder transport(Transport transport) {
            listening.transport(transport);
            return this;
        }

        /** Event loop threads. Default: one per core. */
        public Builder threads(int threads) {
            listening.threads(threads);
            return this;
        }

        /** Whether connections start with a PROXY protocol header, and which versions. Default {@code OFF}. */
        public Builder proxyProtocol(ProxyProtocol proxyProtocol) {
            listening.proxyProtocol(proxyProtocol);
            return this;
        }

        /** The first part of each connection's name in the log, {@code NAME_<host>_<port>}. Default {@code echo}. */
        public Builder connectionName(String connectionName) {
            listening.connectionName(connectionName);
            return this;
        }

        /** Time allowed for a TLS handshake (and a PROXY header). Default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            limits.handshakeTimeout(timeout);
            return this;
        }

        /** Time a connection may pass no byte either way. Default 60 s. */
        public Builder idleTimeout(Duration timeout) {
            limits.idleTimeout(timeout);
            return this;
        }

        /** Time open conversations get to finish when the server closes. Default 5 s. */
        public Builder drainTimeout(Duration timeout) {
            limits.drainTimeout(timeout);
            return this;
        }

        /** Connections open at once; more are closed on arrival. Default 10,000. */
        public Builder maxConnections(int maxConnections) {
            limits.maxConnections(maxConnections);
            return this;
        }

        /** Handshakes in flight at once. Default {@link Limits#defaultMaxHandshakes()}. */
        public Builder maxHandshakes(int maxHandshakes) {
            limits.maxHandshakes(maxHandshakes);
            return this;
        }

        /** Unsent echo bytes per connection at which reading pauses. Default 64 KiB. */
        public Builder writeBufferHighWaterMark(int bytes) {
            limits.writeBufferHighWaterMark(bytes);
            return this;
        }

        /** What each connection does once established. Default {@link ConnectionHandler#echo()}. */
        public Builder handler(ConnectionHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * Whether connections may be answered over HTTP (the connection described, {@code /echo}) instead of by the
         * handler: by ALPN or the first bytes ({@code AUTO}), by ALPN only, or never ({@code OFF}). Default
         * {@code AUTO}.
         */
        public Builder http(HttpMode http) {
            this.http = http;
            return this;
        }

        /** The largest HTTP request body, in bytes; a larger one is answered 413. Default 1 MiB (1048576). */
        public Builder maxBody(int bytes) {
            this.httpLimits = httpLimits.withMaxBody(bytes);
            return this;
        }

        /** Every limit HTTP clients are held to. Default {@link HttpLimits#DEFAULTS}. */
        public Builder httpLimits(HttpLimits limits) {
            this.httpLimits = limits;
            return this;
        }

        /** Protocol settings, the key log among them. Default {@link TlsOptions#defaults()}. TLS servers only. */
        public Builder tls(TlsOptions options) {
            tlsBuilder().options(options);
            return this;
        }

        /** Presents {@code certificate} to clients that ask for {@code name} by SNI. TLS servers only. */
        public Builder sni(String name, HeldCertificate certificate) {
            tlsBuilder().sni(name, certificate);
            return this;
        }

        /** Presents what {@code keys} holds to clients that ask for {@code name} by SNI. TLS servers only. */
        public Builder sni(String name, KeySource keys) {
            tlsBuilder().sni(name, keys);
            return this;
        }

        /** Client certificates: asked for and checked against {@code cas}. Default none. TLS servers only. */
        public Builder clientAuth(ClientAuth clientAuth, List<X509Certificate> cas) {
            tlsBuilder().clientAuth(clientAuth, cas);
            return this;
        }

        /** How often the key files are checked for changes; zero: never. Default 2 s. TLS servers only. */
        public Builder reloadInterval(Duration interval) {
            tlsBuilder().reloadInterval(interval);
            return this;
        }

        private ServerTlsConfig.Builder tlsBuilder() {
            if (tls == null) {
                throw new IllegalStateException(fixedTls != null
                        ? "TLS was given whole to builder(ServerTlsConfig): set it there"
                        : "a plain TCP server has no TLS settings: build it with keys");
            }
            return tls;
        }

        public EchoServerConfig build() {
            Limits built = limits.build();
            return new EchoServerConfig(listening.build(), built, tls != null ? tls.build() : fixedTls, handler,
                    http, Settings.requirePresent("httpLimits", httpLimits).withDrainTimeout(built.drainTimeout()));
        }
    }
}
