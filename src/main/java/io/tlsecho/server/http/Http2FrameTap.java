package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the frames an HTTP/2 client sends before its first HEADERS (SETTINGS, WINDOW_UPDATE,
 * PRIORITY) for the {@link AkamaiFingerprint}, from a copy of the bytes in front of Netty's HTTP/2
 * codec; passes every byte on untouched and steps out of the pipeline once it has them.
 */
final class Http2FrameTap extends ChannelInboundHandlerAdapter {

    private static final int PREFACE_LENGTH = 24;
    private static final int FRAME_HEADER = 9;
    private static final int LIMIT = 64 * 1024;
    private static final int HEADERS = 1;
    private static final int PRIORITY = 2;
    private static final int SETTINGS = 4;
    private static final int WINDOW_UPDATE = 8;
    private static final int ACK = 1;

    private final ByteBuf seen = Unpooled.buffer(256);
    private boolean prefaceSkipped;
    private String settings;
    private String windowUpdate;
    private final List<String> priorities = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in) {
            seen.writeBytes(in, in.readerIndex(), in.readableBytes());
            if (read() || seen.writerIndex() > LIMIT) {
                done(ctx);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Reads the whole frames seen so far; true once the first HEADERS frame is among them. */
    private boolean read() {
        if (!prefaceSkipped) {
            if (seen.readableBytes() < PREFACE_LENGTH) {
                return false;
            }
            seen.skipBytes(PREFACE_LENGTH);
            prefaceSkipped = true;
        }
        while (seen.readableBytes() >= FRAME_HEADER) {
            int start = seen.readerIndex();
            int length = seen.getUnsignedMedium(start);
            if (seen.readableBytes() < FRAME_HEADER + length) {
                return false;
            }
            int type = seen.getUnsignedByte(start + 3);
            int flags = seen.getUnsignedByte(start + 4);
            int stream = seen.getInt(start + 5) & 0x7fffffff;
            int payload = start + FRAME_HEADER;
            if (type == HEADERS) {
                return true;
            } else if (type == SETTINGS && (flags & ACK) == 0 && settings == null) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i + 6 <= length; i += 6) {
                    sb.append(sb.length() == 0 ? "" : ";").append(seen.getUnsignedShort(payload + i)).append(':')
                            .append(seen.getUnsignedInt(payload + i + 2));
                }
                settings = sb.toString();
            } else if (type == WINDOW_UPDATE && stream == 0 && windowUpdate == null && length >= 4) {
                windowUpdate = String.valueOf(seen.getInt(payload) & 0x7fffffff);
            } else if (type == PRIORITY && length >= 5) {
                int dependency = seen.getInt(payload);
                priorities.add(stream + ":" + (dependency >>> 31) + ":" + (dependency & 0x7fffffff) + ":"
                        + (seen.getUnsignedByte(payload + 4) + 1));
            }
            seen.skipBytes(FRAME_HEADER + length);
        }
        seen.discardReadBytes();
        return false;
    }

    private void done(ChannelHandlerContext ctx) {
        new AkamaiFingerprint(settings == null ? "" : settings, windowUpdate == null ? "0" : windowUpdate,
                priorities.isEmpty() ? "0" : String.join(",", priorities)).attach(ctx.channel());
        ctx.pipeline().remove(this);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        seen.release();
    }
}
