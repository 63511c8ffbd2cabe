package io.tlsecho.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;

/** One random message without NUL bytes, made once and sent as duplicates, never copied. */
final class Payload implements AutoCloseable {

    private final ByteBuf bytes;

    private Payload(ByteBuf bytes) {
        this.bytes = bytes;
    }

    /** {@code size} random bytes in 1..255, in a direct buffer. */
    static Payload random(int size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("size: " + size + " (expected: >= 1)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuf buf = Unpooled.directBuffer(size, size);
        for (int i = 0; i < size; i++) {
            buf.writeByte(1 + random.nextInt(255));
        }
        return new Payload(buf);
    }

    int size() {
        return bytes.readableBytes();
    }

    /** A duplicate to write; the write releases it. */
    ByteBuf duplicate() {
        return bytes.retainedDuplicate();
    }

    /** Whether {@code in}'s readable bytes equal the message's bytes from {@code offset}; copies nothing. */
    boolean matches(int offset, ByteBuf in) {
        int n = in.readableBytes();
        return offset + n <= size() && ByteBufUtil.equals(bytes, bytes.readerIndex() + offset, in, in.readerIndex(), n);
    }

    /** Where {@code in}'s readable bytes first differ from the message's bytes from {@code offset}: an offset in the message. */
    int firstDifference(int offset, ByteBuf in) {
        int n = in.readableBytes();
        for (int i = 0; i < n; i++) {
            if (offset + i >= size() || bytes.getByte(bytes.readerIndex() + offset + i) != in.getByte(in.readerIndex() + i)) {
                return offset + i;
            }
        }
        return offset + n;
    }

    @Override
    public void close() {
        bytes.release();
    }
}
