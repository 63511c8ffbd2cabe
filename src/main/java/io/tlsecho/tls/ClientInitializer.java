package io.tlsecho.tls;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import io.tlsecho.transport.ProxyHeaderSender;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * The pipeline of a client connection, the same for {@code client} and {@code bench}: the PROXY header when one
 * is sent, a look at the server's first bytes, TLS, the revocation check, the answer timeout, then the handler that
 * talks.
 */
public final class ClientInitializer extends ChannelInitializer<Channel> {

    /** How many certificates deep the OpenSSL engine verifies a server's chain: OpenSSL's own default. */
    private static final int MAX_CHAIN_DEPTH = 100;

    /**
     * What all connections of one client share.
     *
     * @param sslContext the client's TLS context, or null for plain TCP
     * @param peerName the name the server's certificate must hold, sent by SNI when it has a dot and is no address
     * @param sniName a name the user asked to send by SNI whatever its form (a name without a dot), or null
     * @param handshakeTimeout time allowed for the TLS handshake
     * @param answerTimeout time allowed without a byte from the server while an answer is awaited ({@link AnswerTimeout})
     * @param sendProxy the PROXY protocol header to send first, or null for none
     * @param revocation the check of the server's chain once the handshake is done, or null for none
     */
    public record Settings(SslContext sslContext, String peerName, String sniName, Duration handshakeTimeout,
                           Duration answerTimeout, ProxyHeaderSender.Version sendProxy, RevocationChecker revocation) {

        /** Settings without revocation checking. */
        public Settings(SslContext sslContext, String peerName, String sniName, Duration handshakeTimeout,
                        Duration answerTimeout, ProxyHeaderSender.Version sendProxy) {
            this(sslContext, peerName, sniName, handshakeTimeout, answerTimeout, sendProxy, null);
        }

        public Settings {
            Objects.requireNonNull(peerName, "peerName");
            Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
            Objects.requireNonNull(answerTimeout, "answerTimeout");
        }
    }

    private final Settings settings;
    private final int sessionPort;
    private final ChannelHandler handler;

    /** {@code sessionPort} is the port the TLS session cache files the session under; {@code handler} talks. */
    public ClientInitializer(Settings settings, int sessionPort, ChannelHandler handler) {
        this.settings = settings;
        this.sessionPort = sessionPort;
        this.handler = handler;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        if (settings.sendProxy() != null) {
            // Before anything else: the PROXY header a load balancer would send.
            p.addLast("send-proxy", new ProxyHeaderSender(settings.sendProxy()));
        }
        if (settings.sslContext() != null) {
            // A look at the server's first bytes, so a failed handshake can say what it spoke instead of TLS.
            p.addLast("sniff", new ProtocolSniffer());
            p.addLast("tls", tls(ch));
            if (settings.revocation() != null) {
                // The handshake is passed on only once the server's chain is known not to be revoked.
                p.addLast("revocation", new RevocationHandler(settings.revocation()));
            }
        }
        // No byte from the server for too long while the handler awaits an answer: a NoAnswerException.
        p.addLast("answer-timeout", new AnswerTimeout(settings.answerTimeout(), settings.sslContext() != null));
        p.addLast("handler", handler);
    }

    /** TLS: the peer name gives SNI and the hostname check, name and port the session cache's key. */
    private SslHandler tls(Channel ch) {
        SslHandler tls = settings.sslContext().newHandler(ch.alloc(), settings.peerName(), sessionPort);
        tls.setHandshakeTimeoutMillis(settings.handshakeTimeout().toMillis());
        if (tls.engine() instanceof ReferenceCountedOpenSslEngine) {
            // Netty lets BoringSSL verify only 10 certificates deep; OpenSSL's own default lets a long valid chain through.
            ((ReferenceCountedOpenSslEngine) tls.engine()).setVerify(SSL.SSL_CVERIFY_OPTIONAL, MAX_CHAIN_DEPTH);
        }
        if (settings.sniName() != null) {
            // Both engines send SNI only for a name with a dot; a name the user gave goes as given.
            SSLEngine engine = tls.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(settings.sniName())));
            engine.setSSLParameters(params);
        }
        return tls;
    }
}
