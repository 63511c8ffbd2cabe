package io.tlsecho.log;

import io.netty.buffer.ByteBuf;

/** Renders bytes the way Python's {@code repr(bytes)} does: {@code b'It will be sent '}. */
public final class PyRepr {

    /** Payloads longer than this are shortened in logs. */
    public static final int DEFAULT_LIMIT = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PyRepr() {
    }

    /** The repr of {@code length} bytes of {@code buf} from {@code index}, shortened past {@code limit} bytes. */
    public static String of(ByteBuf buf, int index, int length, int limit) {
        int shown = Math.min(length, limit);
        boolean hasSingle = false;
        boolean hasDouble = false;
        for (int i = 0; i < shown; i++) {
            byte b = buf.getByte(index + i);
            hasSingle |= b == '\'';
            hasDouble |= b == '"';
        }
        char quote = hasSingle && !hasDouble ? '"' : '\'';
        StringBuilder sb = new StringBuilder(shown + 16).append('b').append(quote);
        for (int i = 0; i < shown; i++) {
            appendByte(sb, buf.getByte(index + i) & 0xff, quote);
        }
        sb.append(quote);
        if (shown < length) {
            sb.append("... (").append(length).append(" bytes)");
        }
        return sb.toString();
    }

    /** The repr of the readable bytes of {@code buf}, shortened past {@link #DEFAULT_LIMIT}. */
    public static String of(ByteBuf buf) {
        return of(buf, buf.readerIndex(), buf.readableBytes(), DEFAULT_LIMIT);
    }

    /** The repr of {@code bytes}, shortened past {@link #DEFAULT_LIMIT}. */
    public static String of(byte[] bytes) {
        return of(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
    }

    private static void appendByte(StringBuilder sb, int b, char quote) {
        switch (b) {
            case '\\' -> sb.append("\\\\");
            case '\t' -> sb.append("\\t");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            default -> {
                if (b == quote) {
                    sb.append('\\').append((char) b);
                } else if (b < 0x20 || b >= 0x7f) {
                    sb.append("\\x").append(HEX[b >> 4]).append(HEX[b & 0xf]);
                } else {
                    sb.append((char) b);
                }
            }
        }
    }
}
