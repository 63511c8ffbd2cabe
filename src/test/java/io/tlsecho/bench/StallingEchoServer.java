package io.tlsecho.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.tls.TlsContexts;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A TLS echo server that can be told to stop answering for a while: it reads nothing, so it echoes nothing. */
final class StallingEchoServer implements AutoCloseable {

    private final EventLoopGroup group = Transport.NIO.newGroup(1);
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicLong echoed = new AtomicLong();
    private final Channel listener;

    StallingEchoServer(HeldCertificate certificate) throws Exception {
        SslContext tls = TlsContexts.server(certificate, TlsOptions.defaults(), ClientAuth.NONE, List.of());
        listener = new ServerBootstrap()
                .group(group)
                .channel(Transport.NIO.serverChannelClass())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        children.add(ch);
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new Echo(echoed));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Bytes echoed so far. */
    long echoed() {
        return echoed.get();
    }

    /** Stops reading every connection for {@code d}, then reads again (and echoes what waited). */
    void stall(Duration d) {
        group.submit(() -> {
            for (Channel ch : children) {
                ch.config().setAutoRead(false);
            }
            group.schedule(() -> {
                for (Channel ch : children) {
                    ch.config().setAutoRead(true);
                    ch.read();
                }
            }, d.toNanos(), TimeUnit.NANOSECONDS);
        }).syncUninterruptibly();
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Echoes up to the NUL, then closes. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        private final AtomicLong echoed;

        Echo(AtomicLong echoed) {
            this.echoed = echoed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int nul = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
            ByteBuf echo = in.readRetainedSlice((nul < 0 ? in.writerIndex() : nul) - in.readerIndex());
            in.release();
            echoed.addAndGet(echo.readableBytes());
            ctx.writeAndFlush(echo);
            if (nul >= 0) {
                ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
