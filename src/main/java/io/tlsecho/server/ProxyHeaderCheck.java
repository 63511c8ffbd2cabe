package io.tlsecho.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.ProtocolDetectionState;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.tlsecho.tls.ProtocolSniffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks at a connection's first bytes: if they start the PROXY header expected, hands them to
 * Netty's decoder; if not, fails at once with what arrived instead ("expected a PROXY v2 header,
 * got a TLS ClientHello").
 */
final class ProxyHeaderCheck extends ByteToMessageDecoder {

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2_PREFIX = "\r\n\r\n\0\r\nQUIT\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ProxyProtocol mode;
    private boolean failed;

    ProxyHeaderCheck(ProxyProtocol mode) {
        this.mode = mode;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!startsLike(in, V1_PREFIX) && !startsLike(in, V2_PREFIX)) {
            fail(in, ProtocolSniffer.describe(in));
        }
        ProtocolDetectionResult<HAProxyProtocolVersion> detected = HAProxyMessageDecoder.detectProtocol(in);
        if (detected.state() == ProtocolDetectionState.NEEDS_MORE_DATA) {
            return;
        }
        if (detected.state() == ProtocolDetectionState.INVALID) {
            fail(in, ProtocolSniffer.describe(in));
        }
        if (!mode.accepts(detected.detectedProtocol())) {
            fail(in, "a PROXY " + detected.detectedProtocol().name().toLowerCase() + " header");
        }
        // The rest of the header, and what follows it, goes to the decoder.
        ctx.pipeline().addAfter(ctx.name(), "proxy-decoder", new HAProxyMessageDecoder());
        ctx.pipeline().remove(this);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!failed) {
            failed = true;
            String got = in.isReadable() ? "only " + in.readableBytes() + " byte(s) of " + ProtocolSniffer.describe(in)
                    : "nothing";
            throw new WrongHeader("expected " + mode.expected() + ", got " + got + " before the end of the stream");
        }
    }

    private void fail(ByteBuf in, String got) {
        failed = true;
        String what = "expected " + mode.expected() + ", got " + got;
        in.skipBytes(in.readableBytes());
        throw new WrongHeader(what);
    }

    /** Whether the bytes so far agree with {@code prefix}, as far as they go. */
    private static boolean startsLike(ByteBuf in, byte[] prefix) {
        int n = Math.min(in.readableBytes(), prefix.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The connection did not start with the header expected; the message says what came instead. */
    static final class WrongHeader extends DecoderException {
        WrongHeader(String message) {
            super(message);
        }
    }
}
