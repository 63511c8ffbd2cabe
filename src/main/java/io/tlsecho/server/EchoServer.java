package io.tlsecho.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tlsecho.log.Messages;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import io.tlsecho.server.http.DrainEvent;
import io.tlsecho.tls.KeyLog;
import io.tlsecho.tls.KeyLogException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running TLS echo server: bound on start, drained and stopped on {@link #close()}. */
public final class EchoServer implements AutoCloseable {

    /** The SLF4J logger of the one summary event per connection, at INFO when it closes. */
    public static final String SUMMARY_LOGGER = "echo.summary";

    private static final Logger MAIN = LoggerFactory.getLogger("main");
    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

    private final EchoServerConfig config;
    private final AtomicReference<ServerTls> tls;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new ArrayList<>();
    private final ServerStats stats = new ServerStats();
    private KeyReloader reloader;
    private final HandshakeGate gate;
    private final long startNanos = System.nanoTime();
    private volatile List<ServedCertificate> certificates;
    private volatile boolean draining;
    private boolean closed;

    private EchoServer(EchoServerConfig config, ServerTls tls, LoadedKeys keys) {
        this.config = config;
        this.tls = new AtomicReference<>(tls);
        this.certificates = ServedCertificate.of(keys.certificate(), keys.sni());
        this.bossGroup = config.transport().newGroup(1);
        this.workerGroup = config.transport().newGroup(config.threads());
        this.gate = new HandshakeGate(config.maxHandshakes(), stats);
    }

    /** A builder for a server presenting {@code certificate}; see {@link EchoServerConfig.Builder}. */
    public static EchoServerConfig.Builder builder(HeldCertificate certificate) {
        return EchoServerConfig.builder(KeySource.of(certificate));
    }

    /** A builder for a server presenting what {@code keys} holds, reloaded when its files change. */
    public static EchoServerConfig.Builder builder(KeySource keys) {
        return EchoServerConfig.builder(keys);
    }

    /**
     * Loads the key material, binds every address {@code config.host()} resolves to and starts serving.
     *
     * @throws ServerStartException KEYS (caused by the {@link PkiException}) when the key material cannot be
     *     loaded, TLS_CONFIG when the engine refuses it, or a reason to do with listening
     */
    public static EchoServer start(EchoServerConfig config) throws ServerStartException {
        KeyLog.warnIfUnsupported(config.tls());
        ServerTls ctx;
        LoadedKeys keys;
        List<Path> files = LoadedKeys.files(config);
        List<FileTime> readFrom;
        try {
            // The default pair is made first, then the files' stamps taken before they are read: a change from
            // then on, even before the reloader starts polling, is a change it sees.
            LoadedKeys.makeAbsent(config);
            readFrom = KeyReloader.stamps(files);
            keys = LoadedKeys.atStart(config);
            ctx = ServerTls.build(keys, config);
        } catch (PkiException e) {
            throw new ServerStartException(ServerStartException.Reason.KEYS, e.getMessage(), e);
        } catch (KeyLogException e) {
            throw new ServerStartException(ServerStartException.Reason.KEY_LOG, e.getMessage(), e);
        } catch (SSLException | IllegalArgumentException e) {
            throw new ServerStartException(ServerStartException.Reason.TLS_CONFIG,
                    "cannot set up TLS: " + Messages.of(e), e);
        }
        if (config.tls().logsKeys()) {
            // A key log defeats TLS: say so where the operator looks.
            MAIN.warn("writing TLS keys to {}: anyone with this file can decrypt the traffic", config.tls().keyLogFile());
        }
        EchoServer server = new EchoServer(config, ctx, keys);
        // Started before "starting up" is logged, from the files' times taken before they were read: a change made
        // by someone who waited for that line (a test, a deploy script) must not go unseen.
        server.reloader = new KeyReloader(files, server::reloadAndLog, config.reloadInterval(), readFrom);
        try {
            server.bind();
        } catch (ServerStartException e) {
            server.reloader.close();
            server.shutdownGroups();
            throw e;
        }
        return server;
    }

    /** Names failed accepts (at most once a second for all the listeners). */
    private final AcceptErrors acceptErrors = new AcceptErrors();

    private void bind() throws ServerStartException {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(config.host());
        } catch (UnknownHostException e) {
            throw new ServerStartException(ServerStartException.Reason.UNKNOWN_HOST,
                    "cannot listen on " + config.host() + ": unknown host", e);
        }
        ServerBootstrap b = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(config.transport().serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                // Before the acceptor: at --max-handshakes in flight, stop accepting.
                .handler(gate)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        config.writeBufferHighWaterMark() / 2, config.writeBufferHighWaterMark()))
                .childHandler(new EchoServerInitializer(config, tls::get, stats, connections));
        int port = config.port();
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
        MAIN.info("starting up on {} port {}", config.host(), port);
        OptionalInt somaxconn = somaxconn();
        if (somaxconn.isPresent() && config.backlog() > somaxconn.getAsInt()) {
            // Linux shortens a listen backlog to net.core.somaxconn without a word: say so, since a storm
            // larger than the queue loses its SYNs to it.
            MAIN.warn("backlog {}: the kernel caps the accept queue at net.core.somaxconn, {}; raise that sysctl "
                    + "for a longer queue", config.backlog(), somaxconn.getAsInt());
        }
        if (config.plaintext()) {
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
     *
     * @throws PkiException why the key material could not be loaded or used
     */
    public synchronized void reload() throws PkiException {
        LoadedKeys keys;
        try {
            keys = LoadedKeys.load(config);
            tls.set(ServerTls.build(keys, config));
        } catch (PkiException e) {
            stats.recordReload(false);
            throw e;
        } catch (SSLException | IllegalArgumentException e) {
            stats.recordReload(false);
            throw new PkiException(PkiException.Kind.MALFORMED, "cannot use the reloaded key material: "
                    + Messages.of(e), e);
        }
        certificates = ServedCertificate.of(keys.certificate(), keys.sni());
        stats.recordReload(true);
    }

    /** Reloads soon on the reload thread, as a change of the key files would, and logs the outcome (SIGHUP). */
    public void requestReload() {
        reloader.request();
    }

    private void reloadAndLog() {
        try {
            reload();
            MAIN.info("reloaded certificates: new connections get the new ones");
        } catch (PkiException e) {
            MAIN.warn("certificate reload failed, keeping the old ones: {}", e.getMessage());
        }
    }

    /** The certificates presented now: the default one first, then one per SNI name. */
    public List<ServedCertificate> certificates() {
        return certificates;
    }

    /** Time since the server started. */
    public Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Whether {@link #close()} has begun: no new connections, open ones finishing. */
    public boolean isDraining() {
        return draining;
    }

    /** Listening, not draining, and no certificate served has expired: fit for new connections. */
    public boolean isReady() {
        Instant now = Instant.now();
        return !draining && certificates.stream().noneMatch(c -> c.expiredAt(now));
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
        reloader.close();
        draining = true;
        MAIN.info("closing server");
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        // HTTP/2 connections send GOAWAY and finish their streams; HTTP/1.1 ones close after the answer in flight.
        for (Channel ch : connections) {
            ch.pipeline().fireUserEventTriggered(DrainEvent.INSTANCE);
        }
        long deadline = System.nanoTime() + config.drainTimeout().toNanos();
        int open = connections.size();
        while (!connections.isEmpty() && System.nanoTime() < deadline) {
            sleepQuietly(10);
        }
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
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        bossGroup.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
        workerGroup.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
