package io.tlsecho.testbed;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.tlsecho.pki.Revocations;
import io.tlsecho.server.ServerStartException;

/** The test bed's CRLs and OCSP responder over plain HTTP, on one port, until {@link #close()}. */
final class RevocationResponder implements AutoCloseable {

    /** Where OCSP requests go: POST to it, or GET below it. */
    static final String OCSP_PATH = "/ocsp";

    private final Listener listener;

    private RevocationResponder(Listener listener) {
        this.listener = listener;
    }

    /**
     * Binds {@code host:port} (0: a free port) and serves {@code revocations}: CRLs at {@code /crl/NAME.crl}, OCSP at
     * {@link #OCSP_PATH}.
     *
     * @throws ServerStartException if the port cannot be bound; the message begins "responder: "
     */
    static RevocationResponder start(String host, int port, Revocations revocations) throws ServerStartException {
        ResponderHandler handler = new ResponderHandler(revocations);
        try {
            return new RevocationResponder(Listener.bind(host, port, bootstrap -> bootstrap.childHandler(
                    new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            // HTTP/1.1 in, whole requests (an OCSP request is a few hundred bytes), then the answer
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024), handler);
                        }
                    })));
        } catch (ServerStartException why) {
            throw new ServerStartException(why.reason(), "responder: " + why.getMessage(), why.getCause());
        }
    }

    /** The bound port. */
    int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}
