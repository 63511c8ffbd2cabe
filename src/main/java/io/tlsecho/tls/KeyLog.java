package io.tlsecho.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.internal.tcnative.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends NSS key-log lines (for Wireshark) to the file {@code SSLKEYLOGFILE} names, as
 * browsers and curl do; works with the OpenSSL engine, whose key-log callback tcnative exposes.
 */
public final class KeyLog {

    private static final Logger MAIN = LoggerFactory.getLogger("main");
    private static final Object LOCK = new Object();
    private static volatile boolean warned;

    private KeyLog() {
    }

    /** The key-log file from the environment, or null. */
    public static Path configured() {
        String path = System.getenv("SSLKEYLOGFILE");
        return path == null || path.isBlank() ? null : Path.of(path);
    }

    /** Makes {@code context} log its keys when {@code SSLKEYLOGFILE} is set; returns the context. */
    public static SslContext install(SslContext context) {
        Path file = configured();
        if (file == null) {
            return context;
        }
        if (!(context instanceof ReferenceCountedOpenSslContext openSsl)) {
            warnOnce("SSLKEYLOGFILE is set but the JDK TLS engine cannot log keys; use --provider openssl");
            return context;
        }
        warnOnce("SSLKEYLOGFILE is set: TLS session keys are being written to " + file.toAbsolutePath()
                + " (anyone with that file can decrypt this traffic)");
        SSLContext.setKeyLogCallback(openSsl.sslCtxPointer(), (ssl, line) -> append(file, line));
        return context;
    }

    private static void append(Path file, byte[] line) {
        synchronized (LOCK) {
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                out.write(line);
                out.write('\n');
            } catch (IOException e) {
                MAIN.warn("cannot append to SSLKEYLOGFILE {}: {}", file, e.getMessage());
            }
        }
    }

    private static void warnOnce(String message) {
        if (!warned) {
            warned = true;
            MAIN.warn(message);
        }
    }

}
