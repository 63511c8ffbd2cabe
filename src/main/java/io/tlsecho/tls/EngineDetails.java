package io.tlsecho.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.SSL;
import javax.net.ssl.SSLEngine;

/** What a handshake did that {@link SSLEngine} does not say (resumption, key-exchange group), for {@link NegotiatedSession}. */
final class EngineDetails {

    private EngineDetails() {
    }

    /** Whether {@code engine}'s handshake, begun at {@code startNanos}, resumed an earlier session. */
    static boolean isResumed(SSLEngine engine, long startNanos) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            synchronized (openSsl) {
                long ssl = openSsl.sslPointer();
                return ssl != 0 && SSL.isSessionReused(ssl);
            }
        }
        // The JDK keeps a resumed session's original creation time.
        long startedMillis = System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
        return engine.getSession().getCreationTime() < startedMillis - 5;
    }

    /** The key-exchange group ({@code X25519}, {@code P-256}, ...), or null where the engine does not tell. */
    static String group(SSLEngine engine) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            synchronized (openSsl) {
                long ssl = openSsl.sslPointer();
                try {
                    return ssl == 0 ? null : SSL.getGroupName(ssl);
                } catch (Exception e) {
                    return null;
                }
            }
        }
        return null;
    }
}
