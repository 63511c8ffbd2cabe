package io.tlsecho.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslHandler;
import io.netty.internal.tcnative.SSL;
import javax.net.ssl.SSLEngine;

/**
 * Sends a TLS 1.3 server's session tickets as soon as its handshake completes, rather than with
 * its first write, so that a client which handshakes and then waits still gets a session to resume.
 *
 * <p>BoringSSL queues the NewSessionTicket messages at the end of the server's handshake and writes
 * them before the next application data; a zero-byte {@code SSL_write} writes them alone, which
 * Netty's engine never does (it skips empty buffers). {@link #send} makes that write and flushes the
 * result through the {@link SslHandler}; the server calls it where it learns the handshake has
 * succeeded (a handler of its own for this cost an add and a remove per connection). The JDK's
 * engine sends its tickets with the handshake by itself, and TLS 1.2 sends its ticket inside the
 * handshake: for both there is nothing to do.
 */
public final class TicketFlush {

    private static final String TLS_1_3 = "TLSv1.3";
    // The native write wants an address even for zero bytes; it reads none.
    private static final ByteBuf NOTHING = Unpooled.unreleasableBuffer(Unpooled.directBuffer(1, 1));

    private TicketFlush() {
    }

    /**
     * Sends the tickets {@code tls}'s engine holds back, once its handshake has succeeded; {@code ctx} is a
     * handler's after the {@link SslHandler}, on the event loop.
     */
    public static void send(ChannelHandlerContext ctx, SslHandler tls) {
        if (writeTickets(tls.engine())) {
            // An empty flush: the SslHandler wraps nothing, which hands over what the engine wrote.
            ctx.flush();
        }
    }

    /** Has {@code engine} write the TLS 1.3 tickets it holds back; whether it may have written any. */
    private static boolean writeTickets(SSLEngine engine) {
        if (!(engine instanceof ReferenceCountedOpenSslEngine openSsl) || !NOTHING.hasMemoryAddress()) {
            return false;
        }
        // Engines lock themselves for every call into OpenSSL; the same lock keeps a close from freeing it under us.
        synchronized (openSsl) {
            if (openSsl.isOutboundDone() || !TLS_1_3.equals(openSsl.getSession().getProtocol())) {
                return false;
            }
            // Zero bytes: BoringSSL writes its pending flight (the tickets) and no record of its own.
            SSL.writeToSSL(openSsl.sslPointer(), NOTHING.memoryAddress(), 0);
            return true;
        }
    }
}
