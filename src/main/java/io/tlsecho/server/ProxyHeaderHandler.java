package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolException;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Takes a connection's PROXY header: the client it names becomes the connection's {@link Peer},
 * and the rest of the pipeline is built. A connection without a valid header within the
 * handshake timeout is logged in one line, counted and closed.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

    /** Builds the rest of a connection's pipeline once its peer is known. */
    interface Continuation {
        void initConnection(Channel ch, long handshakeTimeoutMillis);
    }

    private final long timeoutMillis;
    private final Continuation next;
    private long startNanos;
    private ScheduledFuture<?> deadline;
    private boolean done;

    ProxyHeaderHandler(long timeoutMillis, Continuation next) {
        this.timeoutMillis = timeoutMillis;
        this.next = next;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        startNanos = System.nanoTime();
        deadline = ctx.executor().schedule(() -> reject(ctx, "no complete PROXY header within "
                + timeoutMillis + " ms"), timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            // Bytes after a rejection, on their way to the close.
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            InetSocketAddress balancer = (InetSocketAddress) ctx.channel().remoteAddress();
            Peer peer;
            if (header.command() == HAProxyCommand.LOCAL || header.proxiedProtocol() == HAProxyProxiedProtocol.UNKNOWN
                    || header.proxiedProtocol().addressFamily() == HAProxyProxiedProtocol.AddressFamily.AF_UNIX) {
                // The balancer's own connection (a health check), or no address it can tell.
                peer = new Peer(balancer, null);
            } else {
                InetAddress client = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
                if (client == null) {
                    reject(ctx, "malformed PROXY header: source address " + header.sourceAddress());
                    return;
                }
                peer = new Peer(new InetSocketAddress(client, header.sourcePort()), balancer);
            }
            done = true;
            deadline.cancel(false);
            ctx.channel().attr(Peer.ATTRIBUTE).set(peer);
            long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            ctx.pipeline().remove(this);
            // The TLS handshake gets what is left of the handshake timeout.
            next.initConnection(ctx.channel(), Math.max(1, left));
        } finally {
            header.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ChannelInputShutdownEvent.INSTANCE) {
            reject(ctx, "the stream ended inside the PROXY header");
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        reject(ctx, "the connection closed before a complete PROXY header");
        deadline.cancel(false);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProxyHeaderCheck.WrongHeader) {
            reject(ctx, cause.getMessage());
        } else if (cause instanceof HAProxyProtocolException) {
            reject(ctx, "malformed PROXY header: " + reasons(cause));
        } else {
            reject(ctx, "connection failed before a complete PROXY header: " + cause.getMessage());
        }
    }

    /** "invalid HAProxy message: invalid IPv4 address: 999.0.113.7", from the chain of causes. */
    private static String reasons(Throwable cause) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (t.getCause() == null || !m.equals(t.getCause().toString()))) {
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.length() == 0 ? cause.getClass().getSimpleName() : sb.toString();
    }

    private void reject(ChannelHandlerContext ctx, String why) {
        if (done) {
            return;
        }
        done = true;
        deadline.cancel(false);
        HandshakeGate.release(ctx.channel());
        ConnectionRecord record = ConnectionRecord.of(ctx.channel());
        record.reject(RejectReason.PROXY_HEADER);
        record.log().warn("rejected: {}", why);
        ctx.close();
    }
}
