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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A TLS echo server on 127.0.0.1 for bench's tests, on one event loop: echoes each connection up to the NUL, then
 * closes. Each connection gets its own hook from {@code perConnection}, which sees (and may change) every echo
 * before it is sent.
 */
final class TlsEchoFixture implements AutoCloseable {

    private final EventLoopGroup group = Transport.NIO.newGroup(1);
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel listener;
    private volatile boolean holding;

    TlsEchoFixture(HeldCertificate certificate, Supplier<Consumer<ByteBuf>> perConnection) throws Exception {
        SslContext tls = TlsContexts.server(certificate, TlsOptions.defaults(), ClientAuth.NONE, List.of());
        listener = new ServerBootstrap()
                .group(group)
                .channel(Transport.NIO.serverChannelClass())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        if (holding) {
                            // Reads nothing, so the client's handshake waits, until released.
                            ch.config().setAutoRead(false);
                        }
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new Echo(perConnection.get()));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** The one event loop every connection runs on. */
    EventLoopGroup group() {
        return group;
    }

    /** The open connections. */
    ChannelGroup connections() {
        return connections;
    }

    /** From now on, new connections are accepted but not read: their handshakes wait for {@link #release()}. */
    void hold() {
        holding = true;
    }

    /** Reads every held connection, and new ones as they come. */
    void release() {
        group.submit(() -> {
            holding = false;
            for (Channel ch : connections) {
                ch.config().setAutoRead(true);
                ch.read();
            }
        });
    }

    @Override
    public void close() {
        listener.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Echoes up to the NUL, then closes. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        private final Consumer<ByteBuf> beforeSending;

        Echo(Consumer<ByteBuf> beforeSending) {
            this.beforeSending = beforeSending;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            int nul = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) 0);
            ByteBuf echo = in.readRetainedSlice((nul < 0 ? in.writerIndex() : nul) - in.readerIndex());
            in.release();
            beforeSending.accept(echo);
            ctx.writeAndFlush(echo);
            if (nul >= 0) {
                ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
