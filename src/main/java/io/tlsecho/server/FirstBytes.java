package io.tlsecho.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Keeps a connection's first few bytes, then steps aside, so that a peer that does not speak TLS
 * can be named in the log ("looks like HTTP").
 *
 * <p>Netty's "not an SSL/TLS record" error no longer carries the bytes it refused.
 */
final class FirstBytes extends ByteToMessageDecoder {

    /** Enough to tell "GET " from "SSH-" from binary. */
    private static final int HEAD = 8;

    private byte[] head = new byte[0];

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (!in.isReadable()) {
            return;
        }
        // A TLS record type needs no name; anything else waits for enough bytes to be named (the
        // handshake timeout ends a peer that sends no more).
        if (!looksLikeTls(in.getUnsignedByte(in.readerIndex())) && in.readableBytes() < 4) {
            return;
        }
        head = ByteBufUtil.getBytes(in, in.readerIndex(), Math.min(in.readableBytes(), HEAD));
        // Removing this decoder hands what it holds on to the TLS handler.
        ctx.pipeline().remove(this);
    }

    /** Up to the first 8 bytes received; empty before any arrive. */
    byte[] head() {
        return head.clone();
    }

    /** A TLS record type (change_cipher_spec to application_data), or an SSLv2-style hello. */
    private static boolean looksLikeTls(short first) {
        return first >= 20 && first <= 23 || (first & 0x80) != 0;
    }
}
