package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;

/**
 * Who a connection is from: the client's own address, and the load balancer's when the client
 * came through one that spoke the PROXY protocol.
 *
 * @param address the client (from the PROXY header when there was one, else the socket's peer)
 * @param proxiedBy the balancer's address (the socket's peer), or null for a direct connection
 */
public record Peer(InetSocketAddress address, InetSocketAddress proxiedBy) {

    /** Set on a connection once its PROXY header is read; absent on direct connections. */
    public static final AttributeKey<Peer> ATTRIBUTE = AttributeKey.valueOf("tlsecho.peer");

    public Peer {
        Objects.requireNonNull(address, "address");
    }

    /** The peer of {@code ch}: from its PROXY header if it had one, else the socket's remote address. */
    public static Peer of(Channel ch) {
        Peer proxied = ch.attr(ATTRIBUTE).get();
        if (proxied != null) {
            return proxied;
        }
        SocketAddress remote = ch.remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            return new Peer(inet, null);
        }
        return new Peer(InetSocketAddress.createUnresolved(String.valueOf(remote), 0), null);
    }

    /** {@code echo_<client host>_<client port>}, as the seed names its per-connection logger. */
    public String loggerName() {
        return loggerName("echo");
    }

    /** {@code <prefix>_<client host>_<client port>}: a listener's own name for its connections. */
    public String loggerName(String prefix) {
        return prefix + "_" + host(address) + "_" + address.getPort();
    }

    /** {@code 127.0.0.1:5555}, {@code [::1]:5555}. */
    public static String text(InetSocketAddress address) {
        String host = host(address);
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress() != null ? NetUtil.toAddressString(address.getAddress()) : address.getHostString();
    }
}
