package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An HTTP/2 client that writes whatever frames a test asks for, in any number and order (Netty's
 * frame writer makes the bytes), over a JDK TLS socket that agreed on {@code h2}; a thread reads the
 * server's frame headers as they come.
 */
final class RawH2Client implements AutoCloseable {

    /** One frame the server sent: its type, stream and (for RST_STREAM and GOAWAY) error code. */
    record Frame(int type, int stream, long error) {
        static final int HEADERS = 1;
        static final int RST_STREAM = 3;
        static final int PING = 6;
        static final int GOAWAY = 7;
    }

    private final SSLSocket socket;
    private final OutputStream out;
    private final EmbeddedChannel bytes = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext ctx = bytes.pipeline().firstContext();
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean ended;
    private volatile long written;
    private volatile long read;

    RawH2Client(SSLContext trusting, int port) throws IOException {
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        tcp.setSoTimeout(30_000);
        socket = (SSLSocket) trusting.getSocketFactory().createSocket(tcp, "localhost", port, true);
        SSLParameters p = socket.getSSLParameters();
        p.setApplicationProtocols(new String[] {"h2"});
        socket.setSSLParameters(p);
        socket.startHandshake();
        if (!"h2".equals(socket.getApplicationProtocol())) {
            throw new AssertionError("ALPN: " + socket.getApplicationProtocol());
        }
        out = socket.getOutputStream();
        reader = new Thread(this::read, "raw-h2-reader");
        reader.setDaemon(true);
        reader.start();
        ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
        bytes.writeOutbound(preface);
        writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
        send();
    }

    static Http2Headers get(String path) {
        return new DefaultHttp2Headers().method("GET").path(path).scheme("https").authority("localhost");
    }

    RawH2Client headers(int stream, Http2Headers headers, boolean endStream) {
        writer.writeHeaders(ctx, stream, headers, 0, endStream, ctx.newPromise());
        return this;
    }

    RawH2Client reset(int stream, long error) {
        writer.writeRstStream(ctx, stream, error, ctx.newPromise());
        return this;
    }

    RawH2Client endStream(int stream) {
        writer.writeData(ctx, stream, Unpooled.EMPTY_BUFFER, 0, true, ctx.newPromise());
        return this;
    }

    /** A PING: its ACK says the server has read every frame before it. */
    RawH2Client ping() {
        writer.writePing(ctx, false, 42, ctx.newPromise());
        return this;
    }

    /** A frame of any type with any flags and payload, as given (e.g. HEADERS without END_HEADERS). */
    RawH2Client frame(int type, int flags, int stream, byte[] payload) {
        writer.writeFrame(ctx, (byte) type, stream, new Http2Flags((short) flags), Unpooled.wrappedBuffer(payload),
                ctx.newPromise());
        return this;
    }

    /** Sends these bytes as they are, in one write. */
    void sendRaw(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
        written += raw.length;
    }

    /** Sends every frame written since the last call, in one write. */
    void send() throws IOException {
        bytes.flushOutbound();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Object o; (o = bytes.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            b.release();
            all.writeBytes(a);
        }
        sendRaw(all.toByteArray());
    }

    /** The bytes written to the server so far (after TLS). */
    long writtenBytes() {
        return written;
    }

    /** The bytes read from the server so far (after TLS), whole frames. */
    long readBytes() {
        return read;
    }

    private void read() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            while (true) {
                in.readFully(header);
                int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
                int type = header[3] & 0xff;
                int stream = ((header[5] & 0x7f) << 24) | ((header[6] & 0xff) << 16) | ((header[7] & 0xff) << 8)
                        | (header[8] & 0xff);
                byte[] payload = new byte[length];
                in.readFully(payload);
                long error = 0;
                if (type == Frame.RST_STREAM && length >= 4) {
                    error = u32(payload, 0);
                } else if (type == Frame.GOAWAY && length >= 8) {
                    error = u32(payload, 4);
                }
                read += 9 + length;
                received.add(new Frame(type, stream, error));
            }
        } catch (IOException e) {
            ended = true;
        }
    }

    private static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    List<Frame> received() {
        return received;
    }

    long count(int type) {
        return received.stream().filter(f -> f.type() == type).count();
    }

    /** Whether the server has closed the connection (the reader saw its end). */
    boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        bytes.finishAndReleaseAll();
    }
}
