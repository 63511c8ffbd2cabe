package io.tlsecho.bench;

import io.netty.buffer.ByteBuf;
import io.tlsecho.pki.HeldCertificate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** An echo server that gets the first byte of each connection's echo wrong. */
final class CorruptingEchoServer implements AutoCloseable {

    private final AtomicInteger corrupted = new AtomicInteger();
    private final TlsEchoFixture server;

    CorruptingEchoServer(HeldCertificate certificate) throws Exception {
        server = new TlsEchoFixture(certificate, Corrupter::new);
    }

    int port() {
        return server.port();
    }

    /** Echoes sent with a wrong byte so far: one per connection that got as far as an echo. */
    int corrupted() {
        return corrupted.get();
    }

    @Override
    public void close() {
        server.close();
    }

    /** Changes the first byte of a connection's echo (never to NUL). */
    private final class Corrupter implements Consumer<ByteBuf> {
        private boolean first = true;

        @Override
        public void accept(ByteBuf echo) {
            if (first && echo.isReadable()) {
                first = false;
                int at = echo.readerIndex();
                echo.setByte(at, echo.getByte(at) == 'A' ? 'B' : 'A');
                corrupted.incrementAndGet();
            }
        }
    }
}
