package io.tlsecho.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;

/**
 * Looks at the first bytes a peer sends, before TLS does, so that a failure can say what the
 * peer spoke instead ("looks like HTTP"); then steps out of the pipeline.
 */
public final class ProtocolSniffer extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<String> SPOKE = AttributeKey.valueOf("tlsecho.spoke");
    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    private static final String PROXY_V2_SIGNATURE = "\r\n\r\n\0\r\nQUIT\n";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in && in.isReadable()) {
            if (in.getUnsignedByte(in.readerIndex()) != TLS_HANDSHAKE_RECORD) {
                ctx.channel().attr(SPOKE).set(describe(in));
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    /** What the peer on {@code ch} spoke instead of TLS, e.g. "HTTP", or null. */
    public static String spoke(Channel ch) {
        return ch.attr(SPOKE).get();
    }

    /**
     * What the first bytes of {@code in} look like: "a TLS ClientHello", "a PROXY v2 header",
     * "HTTP", "SSH", "plain text", "binary data", ...
     */
    public static String describe(ByteBuf in) {
        int n = Math.min(in.readableBytes(), PROXY_V2_SIGNATURE.length());
        String head = in.toString(in.readerIndex(), n, StandardCharsets.ISO_8859_1);
        if (n >= 2 && head.charAt(0) == TLS_HANDSHAKE_RECORD && head.charAt(1) == 3) {
            return "a TLS ClientHello";
        }
        if (n >= 6 && PROXY_V2_SIGNATURE.startsWith(head)) {
            return "a PROXY v2 header";
        }
        if (head.startsWith("PROXY ")) {
            return "a PROXY v1 header";
        }
        for (String method : new String[] {"GET ", "POST", "HEAD", "PUT ", "DELE", "OPTI", "PATC", "CONN", "HTTP"}) {
            if (head.startsWith(method)) {
                return "HTTP";
            }
        }
        if (head.startsWith("SSH-")) {
            return "SSH";
        }
        if (head.startsWith("PRI * HTTP/2")) {
            return "HTTP/2";
        }
        boolean text = head.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\r' || c == '\n' || c == '\t');
        return text ? "plain text" : "binary data";
    }
}
