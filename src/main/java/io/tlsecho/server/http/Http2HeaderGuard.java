package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Holds an HTTP/2 client to the header timeout that {@link Http1Guard} holds an HTTP/1.1 client to: from the
 * bytes in front of Netty's codec, follows the frame boundaries, and times the connection preface, every
 * incomplete frame header and every header block (HEADERS or PUSH_PROMISE, then CONTINUATION up to
 * END_HEADERS) with a {@link HeaderClock}. Request bodies (DATA) are not timed. Passes every byte on untouched.
 */
final class Http2HeaderGuard extends ChannelInboundHandlerAdapter {

    private static final int FRAME_HEADER = 9;
    private static final int HEADERS = 1;
    private static final int PUSH_PROMISE = 5;
    private static final int CONTINUATION = 9;
    private static final int END_HEADERS = 4;

    private final HeaderClock clock;
    private final byte[] header = new byte[FRAME_HEADER];
    private int prefaceLeft = 24;
    private int headerHave;
    private long payloadLeft;
    private boolean inHeaderFrame;
    private boolean inHeaderBlock;

    Http2HeaderGuard(HeaderClock clock) {
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in && in.isReadable()) {
            follow(in);
            if (incomplete()) {
                clock.start();
            } else {
                clock.stop();
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void follow(ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end) {
            if (prefaceLeft > 0) {
                int n = Math.min(prefaceLeft, end - i);
                prefaceLeft -= n;
                i += n;
            } else if (payloadLeft > 0) {
                int n = (int) Math.min(payloadLeft, end - i);
                payloadLeft -= n;
                i += n;
                if (payloadLeft == 0) {
                    inHeaderFrame = false;
                }
            } else {
                header[headerHave++] = in.getByte(i++);
                if (headerHave == FRAME_HEADER) {
                    headerHave = 0;
                    frame();
                }
            }
        }
    }

    /** A frame's header is complete: what follows is its payload, and perhaps a header block goes on. */
    private void frame() {
        payloadLeft = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | header[2] & 0xff;
        int type = header[3] & 0xff;
        boolean headerFrame = type == HEADERS || type == PUSH_PROMISE || type == CONTINUATION;
        if (headerFrame) {
            inHeaderBlock = (header[4] & END_HEADERS) == 0;
        }
        inHeaderFrame = headerFrame && payloadLeft > 0;
    }

    /** Whether the bytes so far end inside the preface, a frame header or a header block. */
    private boolean incomplete() {
        return prefaceLeft > 0 && prefaceLeft < 24 || headerHave > 0 || inHeaderFrame || inHeaderBlock;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        clock.readDone(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        clock.cancel();
    }
}
