package io.tlsecho.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.log.Messages;
import io.tlsecho.pki.HeldCertificate;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSessionContext;

/** Builds Netty {@link SslContext}s from tlsecho's key material and options. */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * A server context presenting {@code certificate}; {@code clientCas} (may be empty) are the
     * authorities whose client certificates {@code clientAuth} asks for.
     */
    public static SslContext server(HeldCertificate certificate, TlsOptions options, ClientAuth clientAuth,
                                    List<X509Certificate> clientCas) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(keyManagers(certificate, options.provider()))
                .clientAuth(clientAuth);
        if (!clientCas.isEmpty()) {
            builder.trustManager(ExplainingTrustManager.of(clientCas, "client", "the client CAs"));
        }
        return jdkGroups(build(apply(builder, options), options), options);
    }

    /**
     * Checks that {@code options}' engine knows each cipher suite and group named, before anything else is done
     * with them (a server checks before it writes its default key pair).
     *
     * @throws InvalidSettingException {@code ciphers} or {@code groups}, naming the first value the engine refuses
     */
    public static void checkSupported(TlsOptions options) {
        Set<String> jdkSuites = options.provider() == TlsProvider.JDK ? jdkSupportedSuites() : Set.of();
        for (String cipher : options.ciphers()) {
            boolean known = options.provider() == TlsProvider.OPENSSL
                    ? OpenSsl.isCipherSuiteAvailable(cipher)
                    : jdkSuites.contains(jdkCipherNames(List.of(cipher)).get(0));
            if (!known) {
                throw new InvalidSettingException("ciphers", cipher, "cipher suites the " + options.provider()
                        + " engine knows, by IANA or OpenSSL name, e.g. ECDHE-ECDSA-AES128-GCM-SHA256");
            }
        }
        for (String group : options.groups()) {
            if (!groupKnown(options.provider(), group)) {
                throw new InvalidSettingException("groups", group, "groups the " + options.provider()
                        + " engine knows, e.g. X25519, P-256, P-384");
            }
        }
    }

    private static Set<String> jdkSupportedSuites() {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            return Set.of();
        }
    }

    private static boolean groupKnown(TlsProvider provider, String group) {
        if (provider == TlsProvider.JDK) {
            return JdkGroups.KNOWN.contains(jdkGroupNames(List.of(group)).get(0));
        }
        // OpenSSL has no list to ask: a context offering that group alone is made, or refused.
        SslContext probe = null;
        try {
            probe = SslContextBuilder.forClient().sslProvider(provider.netty())
                    .option(OpenSslContextOption.GROUPS, new String[] {group}).build();
            return true;
        } catch (SSLException | RuntimeException e) {
            return false;
        } finally {
            ReferenceCountUtil.release(probe);
        }
    }

    /**
     * A client context that trusts as {@code trust} says and presents {@code certificate}, when not null, whenever
     * the server asks for one (whether or not its list of authorities names the issuer).
     */
    public static SslContext client(ClientTrust trust, HeldCertificate certificate, TlsOptions options)
            throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .endpointIdentificationAlgorithm(trust.verifyHostname() ? "HTTPS" : null)
                .trustManager(trust.trustManager());
        if (certificate != null) {
            builder.keyManager(new GivenCertificateKeyManager(certificate));
        }
        if (trust.revocation().enabled() && options.provider() == TlsProvider.OPENSSL) {
            // Ask for a stapled OCSP response (status_request); the JDK asks by itself.
            builder.enableOcsp(true);
        }
        return jdkGroups(build(apply(builder, options), options), options);
    }

    /** Builds the context; with a key-log file on OpenSSL, its connections' secrets go there. */
    private static SslContext build(SslContextBuilder builder, TlsOptions options) throws SSLException {
        KeyLog keyLog = options.logsKeys() ? KeyLog.open(options.keyLogFile()) : null;
        SslContext context = builder.build();
        if (keyLog != null) {
            keyLog.attach(context);
        }
        return context;
    }

    /**
     * Key managers for {@code certificate}. For OpenSSL they cache the key and chain in OpenSSL's own
     * form: without that, Netty converts them again on every handshake, which doubles the CPU time
     * of a full handshake.
     *
     * <p>The key store only hands the key to the key manager, in memory: JKS, whose key protection is a few SHA-1
     * rounds, where PKCS12's is 10,000 rounds of PBKDF2 each way (twice per server context, at start and at each
     * reload, and enough to have the JIT compile PBKDF2 while the first connections arrive).
     */
    private static KeyManagerFactory keyManagers(HeldCertificate certificate, TlsProvider provider) throws SSLException {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(null, null);
            store.setKeyEntry("tlsecho", certificate.privateKey(), password, certificate.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            return provider == TlsProvider.OPENSSL ? new OpenSslCachingX509KeyManagerFactory(kmf) : kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException("cannot use the key and certificate: " + Messages.of(e), e);
        }
    }

    /**
     * Stops a client context from keeping sessions. OpenSSL turns its client cache off, so every
     * handshake is full; the JDK's cache cannot be turned off and keeps one session, which an engine
     * made for the same host and port still resumes: give each engine its own port to prevent that.
     */
    public static void disableClientSessionCache(SslContext clientContext) {
        SSLSessionContext sessions = clientContext.sessionContext();
        if (sessions instanceof OpenSslSessionContext openSsl) {
            openSsl.setSessionCacheEnabled(false);
        } else {
            sessions.setSessionCacheSize(1);
        }
    }

    private static SslContextBuilder apply(SslContextBuilder builder, TlsOptions options) throws SSLException {
        builder.sslProvider(options.provider().netty())
                .protocols(options.protocols());
        // The TLS 1.2 suites given, else the defaults; TLS 1.3's are always on (an engine given none turns 1.3 off).
        List<String> ciphers = new ArrayList<>(TlsOptions.TLS13_CIPHERS);
        ciphers.addAll(options.ciphers().isEmpty() ? TlsOptions.DEFAULT_CIPHERS : options.ciphers());
        builder.ciphers(options.provider() == TlsProvider.JDK ? jdkCipherNames(ciphers) : ciphers);
        if (!options.groups().isEmpty()) {
            if (options.provider() == TlsProvider.OPENSSL) {
                builder.option(OpenSslContextOption.GROUPS, options.groups().toArray(String[]::new));
            } else {
                JdkGroups.prepare(jdkGroupNames(options.groups()));
            }
        }
        if (!options.alpn().isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                    SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
                    options.alpn()));
        }
        return builder;
    }

    /** {@code context}, each of whose engines uses the JDK groups of {@code options} where Java allows it per engine. */
    private static SslContext jdkGroups(SslContext context, TlsOptions options) {
        if (options.provider() != TlsProvider.JDK || options.groups().isEmpty()) {
            return context;
        }
        return JdkGroups.apply(context, jdkGroupNames(options.groups()));
    }

    /** The JDK knows only IANA names: OpenSSL ones (ECDHE-ECDSA-AES128-GCM-SHA256) are translated. */
    private static List<String> jdkCipherNames(List<String> ciphers) {
        return ciphers.stream().map(c -> {
            if (c.startsWith("TLS_") || c.startsWith("SSL_")) {
                return c;
            }
            String iana = CipherSuiteConverter.toJava(c, "TLS");
            return iana == null ? c : iana;
        }).toList();
    }

    private static List<String> jdkGroupNames(List<String> groups) {
        return groups.stream().map(g -> switch (g.toUpperCase(java.util.Locale.ROOT)) {
            case "P-256", "PRIME256V1", "SECP256R1" -> "secp256r1";
            case "P-384", "SECP384R1" -> "secp384r1";
            case "P-521", "SECP521R1" -> "secp521r1";
            case "X25519" -> "x25519";
            case "X448" -> "x448";
            default -> g;
        }).toList();
    }
}
