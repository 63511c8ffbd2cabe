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

/**
 * The pipeline of each accepted connection: the lingering close, the PROXY header if configured, TLS if
 * configured, the idle timer, then the connection's handler (or HTTP) once the conversation starts.
 */
final class EchoServerInitializer extends ChannelInitializer<Channel> {

    static final String LOGGER = "echo";
    static final long LINGER_MILLIS = 2000;

    private final EchoServerConfig config;
    private final TlsLayer tls;
    private final ServerStats stats;
    private final ChannelGroup channels;
    private final ConnectionHandler handler;

    /** {@code tls}: null for plain TCP. */
    EchoServerInitializer(EchoServerConfig config, TlsLayer tls, ServerStats stats, ChannelGroup channels) {
        this.config = config;
        this.tls = tls;
        this.stats = stats;
        this.channels = channels;
        // What a connection does: the configured handler, or HTTP when ALPN or the first bytes say so.
        this.handler = ProtocolChooser.choosing(config.http(),
                new HttpService(config.httpLimits(), stats.http()), config.handler());
    }

    @Override
    protected void initChannel(Channel ch) {
        Peer socketPeer = Peer.of(ch);
        ConnectionLog log = ConnectionLog.of(LOGGER,
                new ConnectionFields(socketPeer.loggerName(config.listening().connectionName()),
                        Peer.text(socketPeer.address())));
        if (!stats.tryOpen(config.limits().maxConnections())) {
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
        if (config.limits().maxHandshakes() != Integer.MAX_VALUE) {
            // A connection that stays silent gives its place under --max-handshakes up.
            p.addLast("silent", new HandshakeGate.ReleaseWhileSilent());
        }
        // Closing half first, so that nothing the client has not read yet is lost to a reset.
        p.addLast("linger", new LingeringClose(LINGER_MILLIS));
        long handshakeTimeout = config.limits().handshakeTimeout().toMillis();
        if (config.listening().proxyProtocol() == ProxyProtocol.OFF) {
            initConnection(ch, handshakeTimeout);
            return;
        }
        // The PROXY header first; the rest of the pipeline is built once it names the client.
        p.addLast("proxy-check", new ProxyHeaderCheck(config.listening().proxyProtocol()));
        p.addLast("proxy", new ProxyHeaderHandler(handshakeTimeout, this::initConnection));
    }

    /** The connection's pipeline from TLS on, once its {@link Peer} is known. */
    void initConnection(Channel ch, long handshakeTimeoutMillis) {
        ConnectionRecord record = ConnectionRecord.of(ch);
        Peer peer = Peer.of(ch);
        if (peer.proxiedBy() != null) {
            // Named by its PROXY header: the client's address, with the balancer's beside it.
            record.log().fields().name(peer.loggerName(config.listening().connectionName()))
                    .peer(Peer.text(peer.address()))
                    .proxiedBy(Peer.text(peer.proxiedBy()));
        }
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            // A look at the first bytes, so a failed handshake can say what the client spoke instead.
            p.addLast("sniff", new ProtocolSniffer());
            // And at the records' headers, for an alert the engine cannot read (a TLS 1.3 client's plaintext one).
            p.addLast("alert", new PlaintextAlertTap());
            ConnectionLog tlsLog = record.log().on(EchoServer.TLS_LOGGER);
            if (handler.readsClientHello() || config.http() != HttpMode.OFF || tlsLog.isDebugEnabled()) {
                // The ClientHello as the client sent it, read before TLS consumes it: for -v, the handler and the
                // HTTP description.
                p.addLast("hello", tlsLog.isDebugEnabled()
                        ? new ClientHelloTap((c, hello) -> logHello(tlsLog, hello)) : new ClientHelloTap());
            }
            // Then TLS: everything after it sees plaintext.
            p.addLast("tls", tls.newHandler(ch, handshakeTimeoutMillis));
        } else {
            // No handshake: the place under --max-handshakes is free at once.
            HandshakeGate.release(ch);
        }
        // Then close connections that pass no byte either way for too long.
        p.addLast("idle", new IdleStateHandler(0, 0, config.limits().idleTimeout().toMillis(),
                TimeUnit.MILLISECONDS));
        // Then the handler, once the handshake (if any) is done; the handshake's end also sends the TLS 1.3 session
        // tickets and frees its place under --max-handshakes.
        p.addLast("start", new ConversationStart(record, handler, tls != null));
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
