package io.tlsecho.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.tlsecho.transport.ProxyHeaderSender;

/** The pipeline of one bench connection: TLS, then the mode's handler. */
final class BenchInitializer extends ChannelInitializer<Channel> {

    private final SslContext sslContext;
    private final BenchConfig config;
    private final int sessionPort;
    private final BenchHandler handler;

    /** {@code sessionPort} is the port the TLS session cache files the session under. */
    BenchInitializer(SslContext sslContext, BenchConfig config, int sessionPort, BenchHandler handler) {
        this.sslContext = sslContext;
        this.config = config;
        this.sessionPort = sessionPort;
        this.handler = handler;
    }

    @Override
    protected void initChannel(Channel ch) {
        if (config.target().sendProxy() != null) {
            // Before TLS: the PROXY header a load balancer would send.
            ch.pipeline().addLast("send-proxy", new ProxyHeaderSender(config.target().sendProxy()));
        }
        if (!config.plaintext()) {
            // TLS first; the host gives SNI and the hostname check, host and port the session cache's key.
            SslHandler tls = sslContext.newHandler(ch.alloc(), config.target().verifiedName(), sessionPort);
            tls.setHandshakeTimeoutMillis(config.target().handshakeTimeout().toMillis());
            ch.pipeline().addLast("tls", tls);
        }
        // Then the mode: sends, checks the echo, counts.
        ch.pipeline().addLast("bench", handler);
    }
}
