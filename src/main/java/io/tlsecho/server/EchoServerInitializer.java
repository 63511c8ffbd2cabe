package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.tlsecho.log.ConnectionFields;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.server.http.HttpService;
import io.tlsecho.server.http.ProtocolChooser;
import io.tlsecho.tls.ClientHello;
import io.tlsecho.tls.ClientHelloTap;
import io.tlsecho.tls.PlaintextAlertTap;
import io.tlsecho.tls.ProtocolSniffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;
import java.util.function.Supplier;

/**
 * The pipeline of each accepted connection: the lingering close, the PROXY header if configured,
 * then (unless plaintext) a look at the first bytes and TLS, then the idle timer, then the echo.
 */
final class EchoServerInitializer extends ChannelInitializer<Channel> {

    static final String LOGGER = "echo";
    static final long LINGER_MILLIS = 2000;

    private final EchoServerConfig config;
    private final Supplier<ServerTls> tls;
    private final ServerStats stats;
    private final ChannelGroup channels;
    private final HttpService http;

    EchoServerInitializer(EchoServerConfig config, Supplier<ServerTls> tls, ServerStats stats,
                          ChannelGroup channels) {
        this.config = config;
        this.tls = tls;
        this.stats = stats;
        this.channels = channels;
        this.http = new HttpService(config.httpLimits(), stats.http());
    }

    @Override
    protected void initChannel(Channel ch) {
        Peer socketPeer = Peer.of(ch);
        ConnectionLog log = ConnectionLog.of(LOGGER,
                new ConnectionFields(socketPeer.loggerName(), Peer.text(socketPeer.address())));
        if (!stats.tryOpen(config.maxConnections())) {
            ConnectionRecord.summarize(log.on(EchoServer.SUMMARY_LOGGER), CloseReason.REJECTED, "echo", 0, 0, 0, 0);
            ch.close();
            return;
        }
        ConnectionRecord record = new ConnectionRecord(stats, log);
        ch.attr(ConnectionRecord.KEY).set(record);
        // Counted and summarised once, when the connection has closed.
        ch.closeFuture().addListener(f -> record.closed());
        channels.add(ch);

        ChannelPipeline p = ch.pipeline();
        if (config.maxHandshakes() != Integer.MAX_VALUE) {
            // A connection that stays silent gives its place under --max-handshakes up.
            p.addLast("silent", new HandshakeGate.ReleaseWhileSilent());
        }
        // Closing half first, so that nothing the client has not read yet is lost to a reset.
        p.addLast("linger", new LingeringClose(LINGER_MILLIS));
        long handshakeTimeout = config.handshakeTimeout().toMillis();
        if (config.proxyProtocol() == ProxyProtocol.OFF) {
            initConnection(ch, handshakeTimeout);
            return;
        }
        // The PROXY header comes first; the rest of the pipeline is built once it names the client.
        p.addLast("proxy-check", new ProxyHeaderCheck(config.proxyProtocol()));
        p.addLast("proxy", new ProxyHeaderHandler(handshakeTimeout, this::initConnection));
    }

    /** The connection's pipeline from TLS on, once its {@link Peer} is known. */
    void initConnection(Channel ch, long handshakeTimeoutMillis) {
        ConnectionRecord record = ConnectionRecord.of(ch);
        Peer peer = Peer.of(ch);
        if (peer.proxiedBy() != null) {
            // Named by its PROXY header: the client's address, with the balancer's beside it.
            record.log().fields().name(peer.loggerName()).peer(Peer.text(peer.address()))
                    .proxiedBy(Peer.text(peer.proxiedBy()));
        }
        ChannelPipeline p = ch.pipeline();
        if (config.plaintext()) {
            // No handshake: the place under --max-handshakes is free at once.
            HandshakeGate.release(ch);
        } else {
            // A look at the first bytes, so a failed handshake can say what the client spoke instead.
            p.addLast("sniff", new ProtocolSniffer());
            // And at the records' headers, for an alert the engine cannot read (a TLS 1.3 client's plaintext one).
            p.addLast("alert", new PlaintextAlertTap());
            if (config.helloReply() || config.http() != HttpMode.OFF || record.log().isDebugEnabled()) {
                // The ClientHello as the client sent it, read before TLS consumes it: for -v, the hello reply
                // and the HTTP description.
                p.addLast("hello", new ClientHelloTap((c, hello) -> logHello(record.log(), hello)));
            }
            // Then TLS: everything after it sees plaintext.
            p.addLast("tls", tls.get().newHandler(ch, handshakeTimeoutMillis));
            // The handshake's place under --max-handshakes is freed as soon as it ends.
            p.addLast("handshake-place", HandshakeGate.RELEASE_ON_HANDSHAKE);
        }
        // Then close connections that pass no byte either way for too long.
        p.addLast("idle", new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        if (config.http() != HttpMode.OFF) {
            // Then the choice of protocol: HTTP (by ALPN or the first bytes) replaces what follows.
            p.addLast("choose", new ProtocolChooser(config.http(), http, !config.plaintext()));
        }
        // Then the echo itself.
        if (config.helloReply()) {
            p.addLast("echo", new HelloReplyHandler(record, config.http() != HttpMode.OFF));
        } else {
            p.addLast("echo", new EchoServerHandler(record, !config.plaintext()));
        }
    }

    /** At -v, one line with every field of the ClientHello; in JSON logs the same names as the hello reply's. */
    private static void logHello(ConnectionLog log, Object hello) {
        if (!log.isDebugEnabled()) {
            return;
        }
        if (hello instanceof ClientHello h) {
            LoggingEventBuilder event = log.at(Level.DEBUG);
            h.fields().forEach(event::addKeyValue);
            event.log("{}", h.summary());
        } else if (hello instanceof Throwable t) {
            log.debug("{}", t.getMessage());
        }
    }
}
