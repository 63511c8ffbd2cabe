package io.tlsecho.robust;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.tlsecho.tls.ClientTrust;
import io.tlsecho.tls.TlsContexts;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.transport.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client side of {@link ManyConnectionsTest}, in its own process for its own file descriptors:
 * opens N TLS connections and holds them, prints {@code open <ok> <failed>}, then on a line from
 * standard input has each echo a message and prints {@code echoed <ok> <failed>}.
 *
 * <p>Arguments: port, connections, trusted certificate (PEM).
 */
public final class ManyConnectionsClient {

    private static final int IN_FLIGHT = 256;

    private ManyConnectionsClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        SslContext ssl = TlsContexts.client(ClientTrust.read(Path.of(args[2]), null), null,
                TlsOptions.defaults());
        Transport transport = Transport.auto();
        EventLoopGroup group = transport.newGroup(2);
        CountDownLatch handshaken = new CountDownLatch(n);
        CountDownLatch ended = new CountDownLatch(n);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger echoed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        List<Channel> channels = new ArrayList<>();
        try {
            Bootstrap b = new Bootstrap().group(group).channel(transport.channelClass());
            for (int i = 0; i < n; i++) {
                inFlight.acquire();
                String message = "connection " + i;
                java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
                Conversation c = new Conversation(message, () -> {
                    if (once.compareAndSet(false, true)) {
                        inFlight.release();
                        handshaken.countDown();
                    }
                }, open, echoed, ended);
                b.handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler tls = ssl.newHandler(ch.alloc(), "127.0.0.1", port);
                        // Netty's 10 s default cut some of 10,000 handshakes on a loaded machine.
                        tls.setHandshakeTimeout(5, TimeUnit.MINUTES);
                        ch.pipeline().addLast(tls, c);
                    }
                });
                channels.add(b.connect("127.0.0.1", port).addListener(f -> {
                    if (!f.isSuccess()) {
                        c.handshakeDone.run();
                        c.end();
                    }
                }).channel());
            }
            handshaken.await();
            System.out.println("open " + open.get() + " " + (n - open.get()));
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
            for (Channel ch : channels) {
                ch.pipeline().get(Conversation.class).send(ch);
            }
            ended.await();
            System.out.println("echoed " + echoed.get() + " " + (n - echoed.get()));
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    /** One connection: counts its handshake, sends its message and NUL, checks the echo at the end. */
    private static final class Conversation extends ChannelInboundHandlerAdapter {
        private final String message;
        private final Runnable handshakeDone;
        private final AtomicInteger open;
        private final AtomicInteger echoed;
        private final CountDownLatch ended;
        private final StringBuilder echo = new StringBuilder();
        private boolean done;

        Conversation(String message, Runnable handshakeDone, AtomicInteger open, AtomicInteger echoed,
                     CountDownLatch ended) {
            this.message = message;
            this.handshakeDone = handshakeDone;
            this.open = open;
            this.echoed = echoed;
            this.ended = ended;
        }

        void send(Channel ch) {
            ch.writeAndFlush(Unpooled.copiedBuffer(message + "\0", StandardCharsets.US_ASCII));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e) {
                if (e.isSuccess()) {
                    open.incrementAndGet();
                }
                handshakeDone.run();
            }
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            echo.append(in.toString(StandardCharsets.US_ASCII));
            in.release();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handshakeDone.run();
            end();
        }

        synchronized void end() {
            if (!done) {
                done = true;
                if (echo.toString().equals(message)) {
                    echoed.incrementAndGet();
                }
                ended.countDown();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
