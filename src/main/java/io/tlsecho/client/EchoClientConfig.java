package io.tlsecho.client;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.transport.ProxyHeaderSender;
import io.tlsecho.transport.Transport;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything an {@link EchoClient} needs, validated once.
 *
 * @param host the server's name or address
 * @param port the server's port
 * @param serverName the name to send by SNI and verify, or null for the host (SNI carries only a name with a dot:
 *                   none for localhost or an IP address)
 * @param trusted the certificates to trust, or null for the system's trust store
 * @param trustSource where {@code trusted} came from, for messages ("--cafile ca.crt")
 * @param verifyHostname whether the server's certificate must name the host
 * @param certificate a client certificate to present, or null
 * @param tls protocol versions, ciphers, ALPN and engine
 * @param transport epoll or NIO
 * @param connectTimeout time allowed to connect
 * @param handshakeTimeout time allowed for the TLS handshake
 * @param readTimeout time allowed without a byte from the server while waiting for the echo
 * @param sendProxy the PROXY protocol header to send first, naming our own addresses, or null for none
 */
public record EchoClientConfig(String host, int port, String serverName, List<X509Certificate> trusted,
                               String trustSource, boolean verifyHostname, HeldCertificate certificate, TlsOptions tls,
                               Transport transport, Duration connectTimeout, Duration handshakeTimeout,
                               Duration readTimeout, ProxyHeaderSender.Version sendProxy) {

    public EchoClientConfig {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
        trusted = trusted == null ? null : List.copyOf(trusted);
        Objects.requireNonNull(trustSource, "trustSource");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
    }

    /** The name the server's certificate must hold: the server name, else the host. */
    public String verifiedName() {
        return serverName != null ? serverName : host;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 10000;
        private String serverName;
        private List<X509Certificate> trusted;
        private String trustSource = "the system trust store";
        private boolean verifyHostname = true;
        private HeldCertificate certificate;
        private TlsOptions tls = TlsOptions.defaults();
        private Transport transport = Transport.auto();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private ProxyHeaderSender.Version sendProxy;

        private Builder() {
        }

        /** The server's name or address. Default {@code localhost}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The server's port. Default 10000. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The SNI name. Default: the host, unless it is an IP address. */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** Certificates to trust, and where they came from. Default: the system's trust store. */
        public Builder trust(List<X509Certificate> certificates, String source) {
            this.trusted = certificates;
            this.trustSource = source;
            return this;
        }

        /** Whether the certificate must name the host. Default true. */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** A client certificate for mutual TLS. Default none. */
        public Builder certificate(HeldCertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /** Protocol settings. Default {@link TlsOptions#defaults()}. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /** The I/O transport. Default {@link Transport#auto()}. */
        public Builder transport(Transport transport) {
            this.transport = transport;
            return this;
        }

        /** Time allowed to connect. Default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** Time allowed for the handshake. Default 10 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Time allowed with no byte from the server while waiting for the echo. Default 30 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        /**
         * Sends a PROXY protocol header naming our own addresses before TLS, as a load balancer
         * does, for a server that expects one. Default null: none.
         */
        public Builder sendProxy(ProxyHeaderSender.Version version) {
            this.sendProxy = version;
            return this;
        }

        public EchoClientConfig build() {
            return new EchoClientConfig(host, port, serverName, trusted, trustSource, verifyHostname, certificate, tls,
                    transport, connectTimeout, handshakeTimeout, readTimeout, sendProxy);
        }
    }
}
