package io.tlsecho.bench;

import io.netty.channel.Channel;
import io.tlsecho.pki.HeldCertificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A TLS echo server that can be told to stop answering for a while: it reads nothing, so it echoes nothing. */
final class StallingEchoServer implements AutoCloseable {

    private final AtomicLong echoed = new AtomicLong();
    private final TlsEchoFixture server;

    StallingEchoServer(HeldCertificate certificate) throws Exception {
        server = new TlsEchoFixture(certificate, () -> echo -> echoed.addAndGet(echo.readableBytes()));
    }

    int port() {
        return server.port();
    }

    /** Bytes echoed so far. */
    long echoed() {
        return echoed.get();
    }

    /** Stops reading every connection for {@code d}, then reads again (and echoes what waited). */
    void stall(Duration d) {
        server.group().submit(() -> {
            for (Channel ch : server.connections()) {
                ch.config().setAutoRead(false);
            }
            server.group().schedule(() -> {
                for (Channel ch : server.connections()) {
                    ch.config().setAutoRead(true);
                    ch.read();
                }
            }, d.toNanos(), TimeUnit.NANOSECONDS);
        }).syncUninterruptibly();
    }

    @Override
    public void close() {
        server.close();
    }
}
