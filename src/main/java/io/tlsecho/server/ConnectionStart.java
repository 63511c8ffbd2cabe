package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.tlsecho.log.ConnectionFields;
import io.tlsecho.log.ConnectionLog;

/**
 * The start of the conversation on a connection that a listener other than {@link EchoServer} accepted and secured
 * (the test bed's own listeners): the connection gets a {@link ConnectionRecord}, counted in {@code stats} and logged
 * like an echo server's, and {@link ConnectionHandler}s (HTTP included) serve it once its TLS handshake succeeds.
 */
public final class ConnectionStart {

    private ConnectionStart() {
    }

    /**
     * Gives {@code ch} its record and returns the handler to add right after its {@code SslHandler}: it waits for the
     * handshake, then replaces itself with {@code handler}'s. {@code name} prefixes the connection's log name.
     */
    public static ChannelHandler afterHandshake(Channel ch, String name, ServerStats stats, ConnectionHandler handler) {
        Peer peer = Peer.of(ch);
        ConnectionLog log = ConnectionLog.of(EchoServerInitializer.LOGGER,
                new ConnectionFields(peer.loggerName(name), Peer.text(peer.address())));
        stats.tryOpen(Integer.MAX_VALUE);
        ConnectionRecord record = new ConnectionRecord(stats, log);
        ch.attr(ConnectionRecord.KEY).set(record);
        ch.closeFuture().addListener(f -> record.closed());
        return new ConversationStart(record, handler, true);
    }
}
