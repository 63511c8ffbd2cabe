package io.tlsecho.testbed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.tlsecho.pki.Revocations;
import io.tlsecho.transport.Transport;
import io.tlsecho.server.ServerStartException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The test bed's CRLs and OCSP responder over plain HTTP, on one port, until {@link #close()}. */
final class RevocationResponder implements AutoCloseable {

    /** Where OCSP requests go: POST to it, or GET below it. */
    static final String OCSP_PATH = "/ocsp";

    private final EventLoopGroup group;
    private final Channel channel;

    private RevocationResponder(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code host:port} (0: a free port) and serves {@code revocations}: CRLs at {@code /crl/NAME.crl}, OCSP at
     * {@link #OCSP_PATH}.
     *
     * @throws ServerStartException if the port cannot be bound; the message begins "responder: "
     */
    static RevocationResponder start(String host, int port, Revocations revocations) throws ServerStartException {
        Transport transport = Transport.auto();
        EventLoopGroup group = transport.newGroup(1);
        ResponderHandler handler = new ResponderHandler(revocations);
        InetSocketAddress target = new InetSocketAddress(host, port);
        try {
            Channel channel = new ServerBootstrap().group(group).channel(transport.serverChannelClass())
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // HTTP/1.1 in, whole requests (an OCSP request is a few hundred bytes), then the answer
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), handler);
                        }
                    })
                    .bind(target).syncUninterruptibly().channel();
            return new RevocationResponder(group, channel);
        } catch (Exception e) { // the bind's exception, thrown unchecked by Netty
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            ServerStartException why = ServerStartException.bindFailed(target, e);
            throw new ServerStartException(why.reason(), "responder: " + why.getMessage(), e);
        }
    }

    /** The bound port. */
    int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
