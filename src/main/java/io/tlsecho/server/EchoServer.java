package io.tlsecho.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import io.tlsecho.server.http.DrainEvent;
import io.tlsecho.server.http.ProtocolChooser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running echo server: bound on start, drained and stopped on {@link #close()}; its TLS (loading and reloading
 * the key material) is a {@link TlsLayer}, and what each connection does, a {@link ConnectionHandler}.
 */
public final class EchoServer implements AutoCloseable {

    /** The SLF4J logger of the one summary event per connection, at INFO when it closes. */
    public static final String SUMMARY_LOGGER = "echo.summary";
    /** The SLF4J logger of each connection's ClientHello and session lines, at DEBUG ({@code -v}). */
    public static final String TLS_LOGGER = "echo.tls";

    private static final Logger MAIN = LoggerFactory.getLogger("main");
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");
    /** The most one read of a connection takes from its socket. */
    static final int MAX_READ = 256 * 1024;

    private final EchoServerConfig config;
    private final TlsLayer tls;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private final ServerStats stats;
    private final HandshakeGate gate;
    private final EchoServerInitializer initializer;
    private final long startNanos = System.nanoTime();
    private volatile boolean draining;
    private boolean closed;

    private EchoServer(EchoServerConfig config, TlsLayer tls, ServerStats stats) {
        this.config = config;
        this.tls = tls;
        this.stats = stats;
        this.workerGroup = config.listening().transport().newGroup(config.listening().threads());
        this.gate = new HandshakeGate(config.limits().maxHandshakes(), stats);
        this.initializer = new EchoServerInitializer(config, tls, stats, connections);
    }

    /** A builder for a TLS server presenting {@code certificate}; see {@link EchoServerConfig.Builder}. */
    public static EchoServerConfig.Builder builder(HeldCertificate certificate) {
        return EchoServerConfig.builder(KeySource.of(certificate));
    }

    /** A builder for a TLS server presenting what {@code keys} holds, reloaded when its files change. */
    public static EchoServerConfig.Builder builder(KeySource keys) {
        return EchoServerConfig.builder(keys);
    }

    /** A builder for a TLS server configured by {@code tls}. */
    public static EchoServerConfig.Builder builder(ServerTlsConfig tls) {
        return EchoServerConfig.builder(tls);
    }

    /** A builder for a plain TCP server: nothing encrypted, no keys; for measuring what TLS costs. */
    public static EchoServerConfig.Builder plainBuilder() {
        return EchoServerConfig.plain();
    }

    /**
     * Loads the key material (with TLS), binds every address the host resolves to and starts serving.
     *
     * @throws ServerStartException KEYS (caused by the {@link PkiException}) when the key material cannot be
     *     loaded, TLS_CONFIG when the engine refuses it, or a reason to do with listening
     */
    public static EchoServer start(EchoServerConfig config) throws ServerStartException {
        ServerStats stats = new ServerStats();
        TlsLayer tls = config.tls() == null ? null : TlsLayer.start(offeringHttp(config), stats);
        EchoServer server = new EchoServer(config, tls, stats);
        try {
            server.bind();
        } catch (ServerStartException e) {
            if (tls != null) {
                tls.close();
            }
            server.shutdownGroups();
            throw e;
        }
        return server;
    }

    /** The TLS part, offering {@code h2} and {@code http/1.1} by ALPN too unless HTTP is off. */
    private static ServerTlsConfig offeringHttp(EchoServerConfig config) {
        ServerTlsConfig t = config.tls();
        if (config.http() == HttpMode.OFF) {
            return t;
        }
        return new ServerTlsConfig(t.keys(), t.sniKeys(), t.clientAuth(), t.clientCas(),
                ProtocolChooser.withHttpAlpn(t.options()), t.reloadInterval());
    }

    /** Names failed accepts (at most once a second for all the listeners). */
    private final AcceptErrors acceptErrors = new AcceptErrors();

    private void bind() throws ServerStartException {
        Listening listening = config.listening();
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(listening.host());
        } catch (UnknownHostException e) {
            throw new ServerStartException(ServerStartException.Reason.UNKNOWN_HOST,
                    "cannot listen on " + listening.host() + ": unknown host", e);
        }
        ServerBootstrap b = new ServerBootstrap()
                // The listeners share one of the connections' event loops, no thread of their own: a connection
                // accepted there is served there without a hand-over to another thread, one thread fewer competes
                // for the cores, and the handshake gate's state stays on one loop. EC sessions from Go's load client:
                // 0.80x the server's CPU per session against a separate accepting thread, every round of six lower.
                .group(workerGroup.next(), workerGroup)
                .channel(listening.transport().serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, listening.backlog())
                // Before the acceptor: at --max-handshakes in flight, stop accepting.
                .handler(gate)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                // TCP_NODELAY is not set here: every transport's socket channel sets it by itself (Netty's
                // canEnableTcpNoDelayByDefault, true on Linux), and setting it again was a setsockopt per connection.
                // Reads of up to 256 KiB instead of Netty's 64 KiB: a 64 KiB message in TLS records is 64 KiB and a few
                // bytes on the wire, so each took two reads, the second with the tail of a record that TLS then had to
                // join to its head. 64 KiB ping-pong: 0.91x the server's CPU per echo, every round of six lower. The
                // guess still starts at 2 KiB and grows only for connections whose reads fill it.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ))
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        config.limits().writeBufferHighWaterMark() / 2, config.limits().writeBufferHighWaterMark()))
                .childHandler(initializer);
        int port = listening.port();
        for (InetAddress address : addresses) {
            InetSocketAddress target = new InetSocketAddress(address, port);
            io.netty.channel.ChannelFuture f = b.bind(target).awaitUninterruptibly();
            if (!f.isSuccess()) {
                listeners.forEach(Channel::close);
                throw ServerStartException.bindFailed(target, f.cause());
            }
            // After the acceptor, which ServerBootstrap added before binding.
            f.channel().pipeline().addLast(acceptErrors);
            listeners.add(f.channel());
            // With port 0, the first address picks the port and the others share it.
            port = ((InetSocketAddress) f.channel().localAddress()).getPort();
        }
        MAIN.info("starting up on {} port {}", listening.host(), port);
        OptionalInt somaxconn = somaxconn();
        if (somaxconn.isPresent() && listening.backlog() > somaxconn.getAsInt()) {
            // Linux shortens a listen backlog to net.core.somaxconn without a word: say so, since a storm
            // larger than the queue loses its SYNs to it.
            MAIN.warn("backlog {}: the kernel caps the accept queue at net.core.somaxconn, {}; raise that sysctl "
                    + "for a longer queue", listening.backlog(), somaxconn.getAsInt());
        }
        if (tls == null) {
            MAIN.warn("plain TCP: nothing is encrypted; this mode is for measuring only");
        }
    }

    /** The kernel's cap on a listen backlog: net.core.somaxconn of this network namespace, when readable. */
    static OptionalInt somaxconn() {
        try {
            // readAllLines, not readString: /proc files report size 0 and readString stops early (reads "4" of 4096).
            return OptionalInt.of(Integer.parseInt(Files.readAllLines(SOMAXCONN).get(0).trim()));
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            return OptionalInt.empty();
        }
    }

    /** The bound port (the one picked, when configured with 0). */
    /**
     * What sets up each accepted connection's pipeline, for a listener that accepts connections and hands them to this
     * server (the test bed's single port): added to such a connection's pipeline, it serves it as if this server had
     * accepted it, counted and closed with the others. Bytes already read go to it through the pipeline.
     */
    public ChannelHandler connectionInitializer() {
        return initializer;
    }

    public int port() {
        return ((InetSocketAddress) listeners.get(0).localAddress()).getPort();
    }

    /** The bound addresses. */
    public List<InetSocketAddress> localAddresses() {
        return listeners.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    public EchoServerConfig config() {
        return config;
    }

    public ServerStats stats() {
        return stats;
    }

    /**
     * Reads the key material again and presents it to new connections; open ones keep the certificate they got.
     * Nothing is made: files that vanished are a failure. On failure the old key material stays in service.
     * Without TLS there is nothing to read.
     *
     * @throws PkiException why the key material could not be loaded or used
     */
    public void reload() throws PkiException {
        if (tls != null) {
            tls.reload();
        }
    }

    /** Reloads soon on the reload thread, as a change of the key files would, and logs the outcome (SIGHUP). */
    public void requestReload() {
        if (tls != null) {
            tls.requestReload();
        } else {
            MAIN.info("plain TCP: no certificates to reload");
        }
    }

    /** The certificates presented now: the default one first, then one per SNI name; none without TLS. */
    public List<ServedCertificate> certificates() {
        return tls != null ? tls.certificates() : List.of();
    }

    /** Time since the server started. */
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /**
     * Waits up to {@code timeout} for the connections open now to close (each summarised by then), and says whether
     * they have.
     */
    public boolean awaitConnectionsClosed(Duration timeout) throws InterruptedException {
        return connections.newCloseFuture().await(timeout.toMillis());
    }

    /** Whether {@link #close()} has begun: no new connections, open ones finishing. */
    public boolean isDraining() {
        return draining;
    }

    /** Listening, not draining, and no certificate served has expired: fit for new connections. */
    public boolean isReady() {
        Instant now = Instant.now();
        return !draining && certificates().stream().noneMatch(c -> c.expiredAt(now));
    }

    /**
     * Stops accepting, lets open conversations finish for up to the drain timeout, closes the rest
     * with close_notify, and stops the event loops.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (tls != null) {
            tls.close();
        }
        draining = true;
        MAIN.info("closing server");
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        // HTTP/2 connections send GOAWAY and finish their streams; HTTP/1.1 ones close after the answer in flight.
        for (Channel ch : connections) {
            ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        }
        int open = connections.size();
        connections.newCloseFuture().awaitUninterruptibly(config.limits().drainTimeout().toMillis());
        int cut = connections.size();
        if (open > 0) {
            MAIN.info("{} connection(s) drained, {} cut", open - cut, cut);
        }
        // What is still open now was cut by the drain: say so before closing it.
        for (Channel ch : connections) {
            ch.eventLoop().execute(() -> {
                ConnectionRecord record = ConnectionRecord.of(ch);
                if (record != null) {
                    record.closeReason(CloseReason.DRAIN);
                }
            });
        }
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        shutdownGroups();
        MAIN.info("closing event loop");
    }

    private void shutdownGroups() {
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
