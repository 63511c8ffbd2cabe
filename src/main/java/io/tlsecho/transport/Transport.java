package io.tlsecho.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;

/** The I/O transports tlsecho can run on: native epoll (Linux) or the JDK's NIO. */
public enum Transport {
    EPOLL,
    NIO;

    /** Epoll where its native library loads, NIO elsewhere. */
    public static Transport auto() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Whether this transport can run here. */
    public boolean isAvailable() {
        return this == NIO || Epoll.isAvailable();
    }

    /** Why this transport cannot run here, or null when it can. */
    public Throwable unavailabilityCause() {
        return this == EPOLL ? Epoll.unavailabilityCause() : null;
    }

    /** A new event loop group of {@code threads} threads (0 means Netty's default). */
    public EventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory());
    }

    private IoHandlerFactory ioHandlerFactory() {
        return this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends Channel> channelClass() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
