package io.tlsecho.server;

import io.netty.handler.ssl.ClientAuth;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.config.Settings;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.TlsOptions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server's TLS: the key material it presents (by default and per SNI name), client certificates, protocol
 * options (key log included) and how often key files are reloaded. A server without one speaks plain TCP and
 * never makes, reads, reloads or logs keys.
 *
 * @param keys where the default certificate chain and key come from
 * @param sniKeys other chains and keys, presented to clients that ask for their names by SNI, in the order given
 * @param clientAuth whether to ask for a client certificate
 * @param clientCas the authorities trusted for client certificates
 * @param options protocol versions, ciphers, groups, ALPN, engine and key log
 * @param reloadInterval how often the key files are checked for changes; zero: never
 */
public record ServerTlsConfig(KeySource keys, Map<String, KeySource> sniKeys, ClientAuth clientAuth,
                              List<X509Certificate> clientCas, TlsOptions options, Duration reloadInterval) {

    public ServerTlsConfig {
        Settings.requirePresent("keys", keys);
        sniKeys = Collections.unmodifiableMap(new LinkedHashMap<>(sniKeys));
        Settings.requirePresent("clientAuth", clientAuth);
        clientCas = List.copyOf(clientCas);
        Settings.requirePresent("options", options);
        Settings.requireNotNegative("reloadInterval", reloadInterval);
        if (clientAuth != ClientAuth.NONE && clientCas.isEmpty()) {
            throw new InvalidSettingException("clientCa", "none",
                    "at least one CA certificate when clientAuth is " + clientAuth.name().toLowerCase());
        }
    }

    /** A builder for TLS presenting what {@code keys} holds, reloaded when its files change. */
    public static Builder builder(KeySource keys) {
        return new Builder(keys);
    }

    /** A builder for TLS presenting {@code certificate}, held in memory. */
    public static Builder builder(HeldCertificate certificate) {
        return new Builder(KeySource.of(certificate));
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private final KeySource keys;
        private final Map<String, KeySource> sniKeys = new LinkedHashMap<>();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private List<X509Certificate> clientCas = List.of();
        private TlsOptions options = TlsOptions.defaults();
        private Duration reloadInterval = Duration.ofSeconds(2);

        private Builder(KeySource keys) {
            this.keys = keys;
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

        /** Client certificates: asked for and checked against {@code cas}. Default {@code NONE}, no CAs. */
        public Builder clientAuth(ClientAuth clientAuth, List<X509Certificate> cas) {
            this.clientAuth = clientAuth;
            this.clientCas = cas;
            return this;
        }

        /** Protocol settings, the key log among them. Default {@link TlsOptions#defaults()}. */
        public Builder options(TlsOptions options) {
            this.options = options;
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

        public ServerTlsConfig build() {
            return new ServerTlsConfig(keys, sniKeys, clientAuth, clientCas, options, reloadInterval);
        }
    }
}
