package io.tlsecho.server;

import io.netty.handler.ssl.ClientAuth;
import io.netty.util.NetUtil;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.http.HttpLimits;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.transport.Transport;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an {@link EchoServer} needs, validated once.
 *
 * @param host the name or address to listen on; every address it resolves to is bound
 * @param port the port, 0 for a free one (read it from {@link EchoServer#port()})
 * @param keys where the certificate chain and key to present come from
 * @param sniKeys other chains and keys, presented to clients that ask for their names by SNI
 * @param tls protocol versions, ciphers, ALPN and engine
 * @param clientAuth whether to ask for a client certificate
 * @param clientCas the authorities trusted for client certificates
 * @param transport epoll or NIO
 * @param threads event loop threads, at least 1
 * @param handshakeTimeout how long a TLS handshake may take
 * @param idleTimeout how long a connection may pass no byte either way
 * @param maxConnections how many connections may be open at once; more are closed at once
 * @param drainTimeout on close, how long open conversations may go on before they are cut
 * @param writeBufferHighWaterMark bytes of unsent echo per connection at which reading pauses
 * @param plaintext no TLS at all: a floor for benchmarks, never for use
 * @param reloadInterval how often the key files are checked for changes; zero: never
 * @param proxyProtocol whether connections start with a PROXY protocol header, and which version
 * @param maxHandshakes handshakes in flight at once; at the bound the server stops accepting
 * @param backlog the listen backlog: connections the kernel holds that the server has not accepted yet
 * @param helloReply instead of echoing, answer with one JSON line describing the client's ClientHello, then close
 * @param http whether and how connections may speak HTTP instead of the echo
 * @param httpLimits what HTTP clients are held to
 */
public record EchoServerConfig(String host, int port, KeySource keys, Map<String, KeySource> sniKeys,
                               TlsOptions tls, ClientAuth clientAuth,
                               List<X509Certificate> clientCas, Transport transport, int threads,
                               Duration handshakeTimeout, Duration idleTimeout, int maxConnections,
                               Duration drainTimeout, int writeBufferHighWaterMark, boolean plaintext,
                               Duration reloadInterval, ProxyProtocol proxyProtocol, int maxHandshakes,
                               int backlog, boolean helloReply, HttpMode http, HttpLimits httpLimits) {

    public EchoServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(keys, "keys");
        sniKeys = Map.copyOf(sniKeys);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(clientAuth, "clientAuth");
        clientCas = List.copyOf(clientCas);
        Objects.requireNonNull(transport, "transport");
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("idleTimeout", idleTimeout);
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("reloadInterval: " + reloadInterval + " (expected: >= 0)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: > 0)");
        }
        if (drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout: " + drainTimeout + " (expected: >= 0)");
        }
        if (writeBufferHighWaterMark < 1024) {
            throw new IllegalArgumentException(
                    "writeBufferHighWaterMark: " + writeBufferHighWaterMark + " (expected: >= 1024)");
        }
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (maxHandshakes <= 0) {
            throw new IllegalArgumentException("maxHandshakes: " + maxHandshakes + " (expected: > 0)");
        }
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog: " + backlog + " (expected: > 0)");
        }
        if (clientAuth != ClientAuth.NONE && clientCas.isEmpty()) {
            throw new IllegalArgumentException("clientAuth: " + clientAuth + " needs at least one client CA");
        }
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(httpLimits, "httpLimits");
        if (helloReply && plaintext) {
            throw new IllegalArgumentException("helloReply: true needs TLS (expected: plaintext false)");
        }
    }

    private static void requirePositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": " + d + " (expected: > 0)");
        }
    }

    /** Handshakes in flight by default: {@value #MAX_HANDSHAKES_PER_CORE} per core. */
    public static int defaultMaxHandshakes() {
        return MAX_HANDSHAKES_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    /** Measured with bench/storm.sh; see docs/operating.md, "Handshake storms". */
    static final int MAX_HANDSHAKES_PER_CORE = 8;

    /** A builder for a server presenting {@code keys}. */
    public static Builder builder(KeySource keys) {
        return new Builder(keys);
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 10000;
        private final KeySource keys;
        private final Map<String, KeySource> sniKeys = new LinkedHashMap<>();
        private TlsOptions tls = TlsOptions.defaults();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private List<X509Certificate> clientCas = List.of();
        private Transport transport = Transport.auto();
        private int threads = Runtime.getRuntime().availableProcessors();
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxConnections = 10_000;
        private Duration drainTimeout = Duration.ofSeconds(5);
        private int writeBufferHighWaterMark = 64 * 1024;
        private boolean plaintext;
        private Duration reloadInterval = Duration.ofSeconds(2);
        private ProxyProtocol proxyProtocol = ProxyProtocol.OFF;
        private int maxHandshakes = defaultMaxHandshakes();
        private int backlog = NetUtil.SOMAXCONN;
        private boolean helloReply;
        private HttpMode http = HttpMode.AUTO;
        private HttpLimits httpLimits = HttpLimits.DEFAULTS;

        private Builder(KeySource keys) {
            this.keys = keys;
        }

        /** The name or address to listen on. Default {@code localhost}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 picks a free one. Default 10000, the seed's. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Presents {@code certificate} to clients that ask for {@code name} (wildcards allowed) by SNI. Default none. */
        public Builder sni(String name, HeldCertificate certificate) {
            return sni(name, KeySource.of(certificate));
        }

        /** Presents what {@code keys} holds to clients that ask for {@code name} (wildcards allowed) by SNI. */
        public Builder sni(String name, KeySource keys) {
            this.sniKeys.put(name, keys);
            return this;
        }

        /**
         * How often the key files are checked for changes (a change, a new file or a vanished one means a reload);
         * zero: never, reloads happen only on {@link EchoServer#requestReload()}. Default 2 s.
         */
        public Builder reloadInterval(Duration interval) {
            this.reloadInterval = interval;
            return this;
        }

        /** Protocol settings. Default {@link TlsOptions#defaults()}. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** Client certificates: asked for and checked against {@code cas}. Default none. */
        public Builder clientAuth(ClientAuth clientAuth, List<X509Certificate> cas) {
            this.clientAuth = clientAuth;
            this.clientCas = cas;
            return this;
        }

        /** The I/O transport. Default {@link Transport#auto()}. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /**
         * Event loop threads. Default: one per core (measured: twice the cores, Netty's own
         * default, costs more CPU per echo when the cores are shared with the clients).
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** Time allowed for a TLS handshake. Default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Time a connection may pass no byte either way. Default 60 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** Connections open at once; more are closed on arrival. Default 10,000. */
        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        /** Time open conversations get to finish when the server closes. Default 5 s. */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = timeout;
            return this;
        }

        /** Unsent echo bytes per connection at which reading pauses. Default 64 KiB. */
        public Builder writeBufferHighWaterMark(int bytes) {
            this.writeBufferHighWaterMark = bytes;
            return this;
        }

        /**
         * Plain TCP, no TLS: nothing is encrypted. Only for measuring what TLS costs on the same
         * transport; the server warns at start. Default false.
         */
        public Builder plaintext(boolean plaintext) {
            this.plaintext = plaintext;
            return this;
        }

        /** Whether connections start with a PROXY protocol header, and which versions. Default {@code OFF}. */
        public Builder proxyProtocol(ProxyProtocol proxyProtocol) {
            this.proxyProtocol = proxyProtocol;
            return this;
        }

        /**
         * Handshakes in flight at once; at the bound the server stops accepting and new connections
         * wait in the kernel's accept queue; {@link Integer#MAX_VALUE} for no bound. Default
         * {@link EchoServerConfig#defaultMaxHandshakes()}.
         */
        public Builder maxHandshakes(int maxHandshakes) {
            this.maxHandshakes = maxHandshakes;
            return this;
        }

        /** The listen backlog. Default: the system's {@code net.core.somaxconn}. */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /**
         * Instead of echoing, answers each connection with one JSON line describing the client's ClientHello
         * ({@link io.tlsecho.tls.ClientHello#fields()}), then closes: the testbed's {@code hello} scenario.
         * Default false.
         */
        public Builder helloReply(boolean helloReply) {
            this.helloReply = helloReply;
            return this;
        }

        /**
         * Whether connections may speak HTTP (the connection described, {@code /echo}) instead of the echo:
         * by ALPN or the first bytes ({@code AUTO}), by ALPN only, or never ({@code OFF}). Default {@code AUTO}.
         */
        public Builder http(HttpMode http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** The largest HTTP request body, in bytes; a larger one is answered 413. Default 1 MiB (1048576). */
        public Builder maxBody(int bytes) {
            this.httpLimits = httpLimits.withMaxBody(bytes);
            return this;
        }

        /** Every limit HTTP clients are held to. Default {@link HttpLimits#DEFAULTS}. */
        public Builder httpLimits(HttpLimits limits) {
            this.httpLimits = Objects.requireNonNull(limits, "httpLimits");
            return this;
        }

        public EchoServerConfig build() {
            return new EchoServerConfig(host, port, keys, sniKeys, tls, clientAuth, clientCas, transport,
                    threads, handshakeTimeout, idleTimeout, maxConnections, drainTimeout, writeBufferHighWaterMark,
                    plaintext, reloadInterval, proxyProtocol, maxHandshakes, backlog, helloReply, http,
                    httpLimits.withDrainTimeout(drainTimeout));
        }
    }
}
