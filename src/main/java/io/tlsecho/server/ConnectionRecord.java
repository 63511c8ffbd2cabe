package io.tlsecho.server;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.NegotiatedSession;
import io.tlsecho.tls.PlaintextAlertTap;
import io.tlsecho.tls.ProtocolSniffer;
import org.slf4j.event.Level;

/**
 * One connection's account: what it received and echoed, how long it lasted, why it ended; counted
 * into {@link ServerStats} and logged as one summary event when it closes.
 *
 * <p>Kept in a channel attribute so that every handler of the pipeline can say why the connection
 * ends. Used on the connection's event loop only.
 */
public final class ConnectionRecord {

    /** The channel attribute holding a connection's record. */
    public static final AttributeKey<ConnectionRecord> KEY = AttributeKey.valueOf(ConnectionRecord.class, "record");

    private final ServerStats stats;
    private final ConnectionLog log;
    private final long startNanos = System.nanoTime();
    private long received;
    private long echoed;
    private boolean handshaken;
    private CloseReason reason;
    private NegotiatedSession session;
    private String served = "echo";
    private long httpRequests;

    ConnectionRecord(ServerStats stats, ConnectionLog log) {
        this.stats = stats;
        this.log = log;
    }

    /** The record of {@code ch}, or null if it has none (not a server connection). */
    public static ConnectionRecord of(Channel ch) {
        return ch.attr(KEY).get();
    }

    /** The connection's log; its fields are what JSON logs show about the connection. */
    public ConnectionLog log() {
        return log;
    }

    /** Says why the connection ends; the first reason given stands. */
    public void closeReason(CloseReason why) {
        if (reason == null) {
            reason = why;
        }
    }

    /** Refuses the connection for {@code why}: counted as rejected, summarised as {@code rejected}. */
    public void reject(RejectReason why) {
        if (reason == null) {
            reason = CloseReason.REJECTED;
            stats.recordRejected(why);
        }
    }

    /** When the connection was accepted, by {@link System#nanoTime()}. */
    public long startNanos() {
        return startNanos;
    }

    /** The protocol the connection is served with: {@code echo} (the default), {@code http/1.1} or {@code h2}. */
    public void served(String protocol) {
        served = protocol;
    }

    /** Counts one HTTP request answered on this connection. */
    public void httpRequest() {
        httpRequests++;
    }

    /** Counts {@code bytes} read from the client. */
    public void received(int bytes) {
        received += bytes;
        stats.recordReceived(bytes);
    }

    /** Counts {@code bytes} sent back to the client (echoed, or a handler's answer). */
    public void echoed(int bytes) {
        echoed += bytes;
        stats.recordEchoed(bytes);
    }

    /** Counts a conversation that ended as planned (the echo's NUL, a handler's last answer). */
    public void completed() {
        stats.recordCompleted();
    }

    /** The handshake succeeded: counted in the metrics and shown in the JSON logs' fields from now on. */
    void handshakeSucceeded(NegotiatedSession session) {
        handshaken = true;
        this.session = session;
        stats.recordHandshake(session.protocol(), session.resumed(), session.handshakeTime().toNanos());
        log.fields().session(session.serverName(), session.alpn(), session.protocol(), session.cipherSuite(),
                session.group(), session.resumed(), session.peerSubject());
    }

    /** What the handshake negotiated, or null before it ends and without TLS. */
    public NegotiatedSession session() {
        return session;
    }

    /** Without TLS, the conversation starts on connect. */
    void plaintextStarted() {
        handshaken = true;
    }

    /** The handshake failed: counted, the close reason, and one line saying what the client spoke instead. */
    void handshakeFailed(Throwable cause, Channel ch) {
        String spoke = ProtocolSniffer.spoke(ch);
        // An alert the engine could not read (a TLS 1.3 client's plaintext one) says more than the engine's error.
        String alert = PlaintextAlertTap.alert(ch);
        stats.recordHandshakeFailure(alert != null ? HandshakeFailure.ofAlert(alert) : HandshakeFailure.of(cause, spoke));
        closeReason(CloseReason.HANDSHAKE_FAILED);
        log.warn("handshake failed: {}", alert != null ? Failures.peerAlert("the client", alert).message()
                : Failures.describe(cause, spoke));
    }

    /** Counts the close and logs the summary event; called once, when the channel has closed. */
    void closed() {
        CloseReason why = reason != null ? reason : handshaken ? CloseReason.RESET : CloseReason.HANDSHAKE_FAILED;
        stats.recordClosed(why);
        summarize(log.on(EchoServer.SUMMARY_LOGGER), why, served, httpRequests, received, echoed,
                System.nanoTime() - startNanos);
    }

    /**
     * The one summary line of a connection: why it ended, what it was served with ({@code echo},
     * {@code http/1.1}, {@code h2}; with the number of HTTP requests), bytes each way, how long it lasted.
     */
    static void summarize(ConnectionLog log, CloseReason why, String served, long requests, long received,
                          long echoed, long nanos) {
        if (!log.isInfoEnabled()) {
            return;
        }
        // Tenths of a millisecond, written out by hand: String.format builds a Formatter and locale symbols each call.
        long tenths = Math.round(nanos / 1e5);
        String millis = tenths / 10 + "." + tenths % 10;
        String servedText = served.equals("echo") ? served : served + ", " + requests + " request"
                + (requests == 1 ? "" : "s");
        log.at(Level.INFO)
                .addKeyValue("event", "connection_closed")
                .addKeyValue("reason", why.label())
                .addKeyValue("served", served)
                .addKeyValue("http_requests", requests)
                .addKeyValue("bytes_received", received)
                .addKeyValue("bytes_echoed", echoed)
                .addKeyValue("duration_ms", Math.round(nanos / 1e3) / 1000.0)
                .log("connection closed: {}, {}, {} bytes received, {} echoed, {} ms",
                        why.label(), servedText, received, echoed, millis);
    }
}
