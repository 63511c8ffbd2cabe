package io.tlsecho.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Sends a PROXY protocol header naming the connection's own addresses as its first bytes, as a
 * load balancer does, then steps out of the pipeline. Goes first, before TLS.
 */
public final class ProxyHeaderSender extends ChannelInboundHandlerAdapter {

    /** Which header to send. */
    public enum Version {
        /** The text header, {@code PROXY TCP4 ...\r\n} (HAProxy's send-proxy). */
        V1,
        /** The binary header (HAProxy's send-proxy-v2). */
        V2
    }

    private final Version version;

    public ProxyHeaderSender(Version version) {
        this.version = version;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress source = (InetSocketAddress) ctx.channel().localAddress();
        InetSocketAddress destination = (InetSocketAddress) ctx.channel().remoteAddress();
        HAProxyProxiedProtocol protocol = source.getAddress() instanceof Inet4Address
                ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6;
        HAProxyMessage header = new HAProxyMessage(
                version == Version.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
                HAProxyCommand.PROXY, protocol,
                NetUtil.toAddressString(source.getAddress()), NetUtil.toAddressString(destination.getAddress()),
                source.getPort(), destination.getPort());
        // The encoder goes in front of this handler for this one write, so the header leaves before TLS's first bytes.
        ctx.pipeline().addBefore(ctx.name(), "proxy-encoder", HAProxyMessageEncoder.INSTANCE);
        ctx.writeAndFlush(header);
        ctx.pipeline().remove("proxy-encoder");
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
