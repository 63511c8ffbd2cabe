package io.tlsecho.tls;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code SSLKEYLOGFILE}: the NSS key log that browsers and curl write for Wireshark.
 *
 * <p>Neither engine can write it here. The JDK's has no key-log hook, and netty-tcnative
 * 2.0.84's {@code SSLContext.setKeyLogCallback} crashes the JVM when given a Netty 4.2.18
 * context (SIGSEGV writing into the library's read-only data: the handle it expects is not the
 * one Netty holds). So tlsecho says so once, plainly, instead of writing nothing in silence.
 */
public final class KeyLog {

    private static final Logger MAIN = LoggerFactory.getLogger("main");
    private static volatile boolean warned;

    private KeyLog() {
    }

    /** The key-log file the environment names, or null. */
    public static Path configured() {
        String path = System.getenv("SSLKEYLOGFILE");
        return path == null || path.isBlank() ? null : Path.of(path);
    }

    /** Warns, once, when {@code SSLKEYLOGFILE} is set: no keys will be written to it. */
    public static void warnIfRequested() {
        Path file = configured();
        if (file != null && !warned) {
            warned = true;
            MAIN.warn("SSLKEYLOGFILE is set, but this build cannot log TLS keys (the JDK engine has no key-log hook,"
                    + " and netty-tcnative 2.0.84's crashes with Netty 4.2): nothing is written to {}", file);
        }
    }
}
