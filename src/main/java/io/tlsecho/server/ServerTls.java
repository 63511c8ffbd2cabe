package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.TlsContexts;
import java.util.Map;
import javax.net.ssl.SSLException;

/** The TLS contexts a server presents: one by default, and one per SNI name when configured. */
final class ServerTls {

    private final SslContext defaultContext;
    private final Mapping<String, SslContext> byName;

    private ServerTls(SslContext defaultContext, Mapping<String, SslContext> byName) {
        this.defaultContext = defaultContext;
        this.byName = byName;
    }

    /** Contexts for {@code keys}' default certificate and for each SNI name's, with {@code config}'s settings. */
    static ServerTls build(LoadedKeys keys, ServerTlsConfig config) throws SSLException {
        SslContext fallback = context(keys.certificate(), config);
        if (keys.sni().isEmpty()) {
            return new ServerTls(fallback, null);
        }
        DomainWildcardMappingBuilder<SslContext> mapping = new DomainWildcardMappingBuilder<>(fallback);
        for (Map.Entry<String, HeldCertificate> e : keys.sni().entrySet()) {
            mapping.add(e.getKey(), context(e.getValue(), config));
        }
        return new ServerTls(fallback, mapping.build());
    }

    private static SslContext context(HeldCertificate certificate, ServerTlsConfig config) throws SSLException {
        return TlsContexts.server(certificate, config.options(), config.clientAuth(), config.clientCas());
    }

    /** The TLS handler of a new connection, which chooses the certificate by SNI name if configured. */
    ChannelHandler newHandler(Channel ch, long handshakeTimeoutMillis) {
        if (byName != null) {
            return new SniHandler(byName, handshakeTimeoutMillis);
        }
        SslHandler tls = defaultContext.newHandler(ch.alloc());
        tls.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return tls;
    }
}
