package io.tlsecho.client;

import java.lang.reflect.Method;
import javax.net.ssl.SSLEngine;

/** Tells whether a handshake resumed an earlier session, for either TLS engine. */
public final class Resumption {

    private Resumption() {
    }

    /** Whether {@code engine}'s handshake, begun at {@code startNanos}, resumed a session. */
    public static boolean isResumed(SSLEngine engine, long startNanos) {
        Boolean openSsl = openSslReused(engine);
        if (openSsl != null) {
            return openSsl;
        }
        // The JDK keeps a resumed session's original creation time.
        long startedMillis = System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
        return engine.getSession().getCreationTime() < startedMillis - 5;
    }

    private static Boolean openSslReused(SSLEngine engine) {
        for (Class<?> c = engine.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod("isSessionReused");
                m.setAccessible(true);
                return (Boolean) m.invoke(engine);
            } catch (NoSuchMethodException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
