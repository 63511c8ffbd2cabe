package io.tlsecho.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.tls.ClientInitializer;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.KeyLog;
import io.tlsecho.tls.ProtocolSniffer;
import io.tlsecho.tls.TlsContexts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import io.tlsecho.tls.NegotiatedSession;

/** A TLS echo client: one conversation per call, sharing one event loop and TLS context. */
public final class EchoClient implements AutoCloseable {

    private static final int CHUNK = 64 * 1024;
    private static final int WRITES_IN_FLIGHT = 4;

    private final EchoClientConfig config;
    private final SslContext sslContext;
    private final EventLoopGroup group;
    private final ConnectionLog log = ConnectionLog.of("echo_client", "echo_client");

    private EchoClient(EchoClientConfig config, SslContext sslContext) {
        this.config = config;
        this.sslContext = sslContext;
        this.group = config.transport().newGroup(1);
    }

    /**
     * A client for {@code config}; fails when the TLS settings are refused, or with a
     * {@link io.tlsecho.tls.KeyLogException} when the key-log file cannot be written.
     */
    public static EchoClient create(EchoClientConfig config) throws SSLException {
        KeyLog.warnIfUnsupported(config.tls());
        return new EchoClient(config, TlsContexts.client(config.trust(), config.certificate(), config.tls()));
    }

    public EchoClientConfig config() {
        return config;
    }

    /** Sends {@code parts} one by one, then the NUL, and returns the echo once the server closes. */
    public EchoResult exchange(List<byte[]> parts) throws EchoException, InterruptedException {
        ByteArrayOutputStream total = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            total.writeBytes(part);
        }
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        EchoVerifier verifier = new EchoVerifier(total.toByteArray());
        Conversation c = open(parts, verifier, echo);
        NegotiatedSession session = c.awaitHandshake();
        c.awaitEnd();
        log.debug("closing");
        return new EchoResult(verifier.sent(), verifier.received(), echo.toByteArray(), verifier.mismatch(), session, -1);
    }

    /**
     * Streams {@code in} as the message, with backpressure, and writes the echo to {@code out} as
     * it arrives. The message ends at the end of {@code in}, or at its first NUL byte.
     */
    public EchoResult stream(InputStream in, OutputStream out) throws EchoException, InterruptedException, IOException {
        EchoVerifier verifier = new EchoVerifier(null);
        try {
            Conversation c = open(null, verifier, out);
            NegotiatedSession session = c.awaitHandshake();
            long nulAt = send(in, c, verifier);
            // The handler's state is the event loop's: it learns that the NUL is out from the write's listener.
            c.channel.writeAndFlush(EchoClientHandler.NUL.duplicate())
                    .addListener(f -> c.handler.waitingForResponse(c.channel));
            c.awaitEnd();
            out.flush();
            log.debug("closing");
            return new EchoResult(verifier.sent(), verifier.received(), null, verifier.mismatch(), session, nulAt);
        } catch (EchoException | InterruptedException | IOException | RuntimeException e) {
            // What was received reaches the caller also when the conversation fails.
            try {
                out.flush();
            } catch (IOException flush) {
                e.addSuppressed(flush);
            }
            throw e;
        }
    }

    /** Sends {@code in} up to its end or first NUL, four chunks in flight at most; returns where the NUL was, or -1. */
    private static long send(InputStream in, Conversation c, EchoVerifier verifier) throws IOException,
            InterruptedException {
        Semaphore inFlight = new Semaphore(WRITES_IN_FLIGHT);
        byte[] buf = new byte[CHUNK];
        int n;
        while (!c.done.isDone() && (n = in.read(buf)) >= 0) {
            int nul = indexOfNul(buf, n);
            int len = nul < 0 ? n : nul;
            if (len > 0) {
                verifier.sent(buf, 0, len);
                inFlight.acquire();
                c.channel.writeAndFlush(Unpooled.copiedBuffer(buf, 0, len)).addListener(f -> inFlight.release());
            }
            if (nul >= 0) {
                return verifier.sent();
            }
        }
        return -1;
    }

    private static int indexOfNul(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            if (buf[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private Conversation open(List<byte[]> parts, EchoVerifier verifier, OutputStream sink) throws EchoException,
            InterruptedException {
        Promise<NegotiatedSession> handshake = group.next().newPromise();
        Promise<Void> done = group.next().newPromise();
        EchoClientHandler handler = new EchoClientHandler(log, parts, verifier, sink, handshake, done);
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(config.transport().channelClass())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ClientInitializer(config.pipeline(sslContext), config.port(), handler));
        log.info("connecting to {} port {}", config.host(), config.port());
        ChannelFuture connect = b.connect(config.host(), config.port()).await();
        if (!connect.isSuccess()) {
            throw failure(connect.cause(), null);
        }
        return new Conversation(connect.channel(), handler, handshake, done);
    }

    private EchoException failure(Throwable cause, Channel ch) {
        String peer = "the server at " + config.host() + " port " + config.port();
        if (cause instanceof EchoClientHandler.NoCloseNotify) {
            return new EchoException(new Failures.Failure(Failures.Kind.TRUNCATED, peer
                    + " closed the connection without TLS close_notify: the echo may be truncated"), cause);
        }
        Failures.Failure failure = Failures.classify(cause, peer, ch == null ? null : ProtocolSniffer.spoke(ch));
        if (failure.kind() == Failures.Kind.NO_COMMON_PROTOCOL) {
            failure = new Failures.Failure(failure.kind(), failure.message() + "; we offered "
                    + String.join(" and ", config.tls().protocols())
                    + (config.tls().ciphers().isEmpty() ? "" : " with " + String.join(":", config.tls().ciphers())));
        }
        return new EchoException(failure, cause);
    }

    /** Closes the event loop. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    private final class Conversation {
        final Channel channel;
        final EchoClientHandler handler;
        final Future<NegotiatedSession> handshake;
        final Future<Void> done;

        Conversation(Channel channel, EchoClientHandler handler, Future<NegotiatedSession> handshake, Future<Void> done) {
            this.channel = channel;
            this.handler = handler;
            this.handshake = handshake;
            this.done = done;
        }

        NegotiatedSession awaitHandshake() throws EchoException, InterruptedException {
            handshake.await();
            if (!handshake.isSuccess()) {
                channel.close();
                throw failure(handshake.cause(), channel);
            }
            return handshake.getNow();
        }

        void awaitEnd() throws EchoException, InterruptedException {
            done.await();
            channel.close().await();
            if (!done.isSuccess()) {
                throw failure(done.cause(), channel);
            }
        }
    }
}
