package io.tlsecho.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tlsecho.tls.ClientInitializer;
import java.util.concurrent.atomic.AtomicInteger;

/** Opens bench connections, each with its own handler, and keeps the open ones in a group. */
final class Connector {

    private final BenchConfig config;
    private final ClientInitializer.Settings pipeline;
    private final BenchRun run;
    private final Bootstrap bootstrap;
    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger sessionKeys = new AtomicInteger();

    Connector(BenchConfig config, SslContext sslContext, EventLoopGroup group, BenchRun run) {
        this.config = config;
        // The client's pipeline: TLS unless plain, then the mode's handler, which sends, checks the echo and counts.
        this.pipeline = config.target().pipeline(config.plaintext() ? null : sslContext);
        this.run = run;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(config.target().transport().channelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.target().connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }

    /** Connects with {@code handler}; a failure to connect is counted through the handler. */
    ChannelFuture connect(BenchHandler handler) {
        ChannelFuture f = bootstrap.clone()
                .handler(new ClientInitializer(pipeline, sessionPort(), handler))
                .connect(config.target().host(), config.target().port());
        Channel ch = f.channel();
        open.add(ch);
        f.addListener(c -> {
            if (!c.isSuccess()) {
                handler.connectFailed(run.stats(ch.eventLoop()), c.cause());
            }
        });
        return f;
    }

    /**
     * The server's port when sessions are resumed; otherwise a port of the connection's own (the
     * engine never connects to it), so that no cache, not even the JDK's, holds a session to resume.
     */
    private int sessionPort() {
        return config.resume() ? config.target().port() : 1 + Math.floorMod(sessionKeys.getAndIncrement(), 65535);
    }

    /** The connections not yet closed. */
    ChannelGroup open() {
        return open;
    }
}
