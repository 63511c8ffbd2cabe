package io.tlsecho.client;

import io.netty.handler.ssl.SslContext;
import io.netty.util.NetUtil;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.config.Settings;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.ClientInitializer;
import io.tlsecho.tls.ClientTrust;
import io.tlsecho.tls.RevocationPolicy;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.transport.ProxyHeaderSender;
import io.tlsecho.transport.Transport;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;

/**
 * Everything an {@link EchoClient} needs, validated once.
 *
 * @param host the server's name or address
 * @param port the server's port
 * @param serverName the name to send by SNI and verify, or null for the host (SNI then carries only a name with a
 *                   dot: none for localhost or an IP address); a name given here is sent whatever its form
 * @param trust whom to trust, and whether the certificate must name the host
 * @param certificate a client certificate to present, or null
 * @param tls protocol versions, ciphers, ALPN and engine
 * @param transport epoll or NIO
 * @param connectTimeout time allowed to connect
 * @param handshakeTimeout time allowed for the TLS handshake
 * @param readTimeout time allowed without a byte from the server while an answer is awaited
 * @param sendProxy the PROXY protocol header to send first, naming our own addresses, or null for none
 */
public record EchoClientConfig(String host, int port, String serverName, ClientTrust trust, HeldCertificate certificate,
                               TlsOptions tls, Transport transport, Duration connectTimeout, Duration handshakeTimeout,
                               Duration readTimeout, ProxyHeaderSender.Version sendProxy) {

    public EchoClientConfig {
        Settings.requirePresent("host", host);
        Settings.requireRange("port", port, 1, 65535);
        if (serverName != null && (serverName.isEmpty() || NetUtil.isValidIpV4Address(serverName)
                || NetUtil.isValidIpV6Address(serverName) || !isSniName(serverName))) {
            throw new InvalidSettingException("serverName", serverName, "a host name (SNI cannot carry an address)");
        }
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(transport, "transport");
        Settings.requirePositive("connectTimeout", connectTimeout);
        Settings.requirePositive("handshakeTimeout", handshakeTimeout);
        Settings.requirePositive("readTimeout", readTimeout);
    }

    private static boolean isSniName(String name) {
        try {
            new SNIHostName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The name the server's certificate must hold: the server name, else the host. */
    public String verifiedName() {
        return serverName != null ? serverName : host;
    }

    /** The connection pipeline's settings with {@code sslContext} (null: plain TCP). */
    public ClientInitializer.Settings pipeline(SslContext sslContext) {
        return new ClientInitializer.Settings(sslContext, verifiedName(), serverName, handshakeTimeout, readTimeout,
                sendProxy, sslContext == null ? null : trust.revocationChecker());
    }

    /** How the server's certificates are checked for revocation: {@link ClientTrust#revocation()}'s mode. */
    public RevocationPolicy.Mode checkRevocation() {
        return trust.revocation().mode();
    }

    /** Time allowed for each request to an OCSP responder or a CRL distribution point. */
    public Duration revocationTimeout() {
        return trust.revocation().timeout();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private String host = "localhost";
        private int port = 10000;
        private String serverName;
        private ClientTrust trust = ClientTrust.system();
        private HeldCertificate certificate;
        private TlsOptions tls = TlsOptions.defaults();
        private Transport transport = Transport.auto();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private ProxyHeaderSender.Version sendProxy;
        private RevocationPolicy.Mode checkRevocation;
        private Duration revocationTimeout;

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

        /**
         * The name to send by SNI and verify, sent whatever its form. Default: the host, sent by SNI when it has a
         * dot and is no address.
         */
        public Builder serverName(String serverName) {
            this.serverName = serverName;
            return this;
        }

        /** Whom to trust, and whether the certificate must name the host. Default {@link ClientTrust#system()}. */
        public Builder trust(ClientTrust trust) {
            this.trust = trust;
            return this;
        }

        /** Trust only {@code certificates}, which came from {@code source}; keeps the hostname policy. */
        public Builder trust(List<X509Certificate> certificates, String source) {
            this.trust = new ClientTrust(certificates, source, trust.verifyHostname());
            return this;
        }

        /** Whether the certificate must name the host. Default true. */
        public Builder verifyHostname(boolean verify) {
            this.trust = trust.verifyHostname(verify);
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

        /**
         * Time allowed with no byte from the server while an answer is awaited (the echo, once the message is
         * out); a pause in our own sending is not counted. Default 30 s.
         */
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

        /**
         * Whether the server's certificates are checked for revocation: off, soft (a source that cannot be reached
         * is a warning) or strict. Default: the trust's, {@link RevocationPolicy.Mode#OFF} unless it says otherwise.
         */
        public Builder checkRevocation(RevocationPolicy.Mode mode) {
            this.checkRevocation = mode;
            return this;
        }

        /**
         * Time allowed for each request to an OCSP responder or a CRL distribution point when revocation is
         * checked. Default: the trust's, 5 s unless it says otherwise.
         */
        public Builder revocationTimeout(Duration timeout) {
            this.revocationTimeout = timeout;
            return this;
        }

        public EchoClientConfig build() {
            RevocationPolicy given = this.trust.revocation();
            ClientTrust trust = checkRevocation == null && revocationTimeout == null ? this.trust
                    : this.trust.withRevocation(RevocationPolicy.builder()
                            .mode(checkRevocation != null ? checkRevocation : given.mode())
                            .timeout(revocationTimeout != null ? revocationTimeout : given.timeout()).build());
            return new EchoClientConfig(host, port, serverName, trust, certificate, tls, transport, connectTimeout,
                    handshakeTimeout, readTimeout, sendProxy);
        }
    }
}
