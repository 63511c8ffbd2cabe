package io.tlsecho.server;

import io.netty.channel.ChannelHandler;

/**
 * What a connection does once it is established: after its PROXY header and TLS handshake, if the server has them.
 * The server adds {@link #newHandler(ConnectionRecord)}'s handler last in the connection's pipeline, once, when the
 * conversation starts; by then {@link ConnectionRecord#session()} says what TLS negotiated (ALPN included; null in
 * plain TCP) and "connection accepted" is logged. Bytes the client sent with its last handshake message reach the
 * new handler.
 *
 * <p>The handler owns the conversation from then on: it reads, writes, counts through its {@link ConnectionRecord}
 * ({@link ConnectionRecord#received}, {@link ConnectionRecord#echoed}, {@link ConnectionRecord#completed}), says why
 * the connection ends ({@link ConnectionRecord#closeReason}) and closes it. Idle connections reach it as
 * {@link io.netty.handler.timeout.IdleStateEvent}s. To choose by protocol, return a handler that looks (at the ALPN in
 * the record's session, or at the first bytes read) and replaces itself in the pipeline with the one it chose, as
 * Netty's {@code ApplicationProtocolNegotiationHandler} does.
 */
public interface ConnectionHandler {

    /** A short name, for the pipeline and the logs: {@code echo}, {@code hello-reply}. */
    String name();

    /** A new handler for one connection; {@code record} is that connection's account and log. */
    ChannelHandler newHandler(ConnectionRecord record);

    /**
     * Whether the handler reads the client's ClientHello ({@link io.tlsecho.tls.ClientHelloTap#clientHello}); the
     * server then keeps it, and refuses to run the handler without TLS. Default false.
     */
    default boolean readsClientHello() {
        return false;
    }

    /**
     * Whether the handler writes before the client sends anything (the hello reply); a server that may also answer
     * HTTP then chooses by ALPN only, never by waiting for the client's first bytes. Default false.
     */
    default boolean speaksFirst() {
        return false;
    }

    /** Echoes every byte before the first NUL, then closes: the seed's conversation. The default. */
    static ConnectionHandler echo() {
        return EchoServerHandler.FACTORY;
    }

    /**
     * Answers with one JSON line describing the client's ClientHello ({@link io.tlsecho.tls.ClientHello#fields()}),
     * then closes: the test bed's {@code hello} scenario. Needs TLS.
     */
    static ConnectionHandler helloReply() {
        return HelloReplyHandler.FACTORY;
    }
}
