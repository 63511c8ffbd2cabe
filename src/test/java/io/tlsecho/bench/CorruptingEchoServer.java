package io.tlsecho.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.TlsContexts;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.transport.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An echo server that gets the first byte of each connection's echo wrong. */
final class CorruptingEchoServer implements AutoCloseable {

    private final EventLoopGroup group = Transport.NIO.newGroup(1);
    private final Channel listener;
    private final AtomicInteger corrupted = new AtomicInteger();

    CorruptingEchoServer(HeldCertificate certificate) throws Exception {
        SslContext tls = TlsContexts.server(certificate, TlsOptions.defaults(), ClientAuth.NONE, List.of());
        listener = new ServerBootstrap()
                .group(group)
                .channel(Transport.NIO.serverChannelClass())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new Corrupter(corrupted));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Echoes sent with a wrong byte so far: one per connection that got as far as an echo. */
    int corrupted() {
        return corrupted.get();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Echoes up to the NUL, first byte changed (never to NUL), then closes. */
    private static final class Corrupter extends ChannelInboundHandlerAdapter {
        private final AtomicInteger corrupted;
        private boolean first = true;

        Corrupter(AtomicInteger corrupted) {
            this.corrupted = corrupted;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int nul = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
            ByteBuf echo = in.readRetainedSlice((nul < 0 ? in.writerIndex() : nul) - in.readerIndex());
            in.release();
            if (first && echo.isReadable()) {
                first = false;
                int at = echo.readerIndex();
                echo.setByte(at, echo.getByte(at) == 'A' ? 'B' : 'A');
                corrupted.incrementAndGet();
            }
            ctx.writeAndFlush(echo);
            if (nul >= 0) {
                ctx.writeAndFlush(in.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
