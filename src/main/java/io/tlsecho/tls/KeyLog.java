package io.tlsecho.tls;

import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.internal.tcnative.SSLContext;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An NSS key log ({@code SSLKEYLOGFILE}): the TLS secrets of each connection, one line each, for
 * Wireshark to decrypt a capture with.
 *
 * <p>The file is opened once per JVM and path, for appending (never truncated), created with mode
 * 0600. Each line goes to the file in one {@code write} call on an {@code O_APPEND} descriptor, under
 * a lock: lines are whole, never interleaved across event loops (nor with another process appending
 * whole lines), and visible to a reader, such as a capture tool, at once. The file stays open until
 * the JVM exits; nothing is buffered, so nothing is lost then.
 *
 * <p>Only the OpenSSL engine (BoringSSL through netty-tcnative) can log keys: its key-log callback
 * is set on the tcnative context handle, which Netty 4.2.18 keeps in the protected field
 * {@code ReferenceCountedOpenSslContext.ctx} and offers no API for. The JDK engine has no hook.
 */
public final class KeyLog {

    private static final Logger MAIN = LoggerFactory.getLogger("main");
    private static final Map<Path, KeyLog> OPEN = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private volatile boolean failed;

    private KeyLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** The key log at {@code file}, opened (and created, mode 0600) on first use in this JVM. */
    public static KeyLog open(Path file) throws KeyLogException {
        Path key = file.toAbsolutePath().normalize();
        KeyLog log = OPEN.get(key);
        if (log != null) {
            return log;
        }
        synchronized (OPEN) {
            log = OPEN.get(key);
            if (log == null) {
                log = new KeyLog(file, openForAppend(file));
                OPEN.put(key, log);
            }
            return log;
        }
    }

    private static FileChannel openForAppend(Path file) throws KeyLogException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
                return FileChannel.open(file, options, ownerOnly);
            }
            return FileChannel.open(file, options);
        } catch (IOException | SecurityException e) {
            throw new KeyLogException(file, "cannot write the key log " + file + ": " + reason(e), e);
        }
    }

    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "its directory does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    /**
     * Warns, once per call, when {@code options} name a key-log file that their engine cannot write
     * (the JDK's): nothing else changes. Call it at start.
     */
    public static void warnIfUnsupported(TlsOptions options) {
        if (options.keyLogFile() != null && !options.logsKeys()) {
            MAIN.warn("the {} TLS engine cannot log keys: nothing is written to the key log {}",
                    options.provider(), options.keyLogFile());
        }
    }

    /** The file the keys go to, as given. */
    public Path file() {
        return file;
    }

    /**
     * Writes the secrets of every connection {@code context} makes to this log; {@code context}
     * must be an OpenSSL one.
     */
    void attach(SslContext context) throws KeyLogException {
        if (!(context instanceof ReferenceCountedOpenSslContext openSsl)) {
            throw new KeyLogException(file, "cannot log TLS keys: only the OpenSSL engine can", null);
        }
        boolean set;
        try {
            set = SSLContext.setKeyLogCallback(tcnativeHandle(openSsl), (ssl, line) -> write(line));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new KeyLogException(file, "cannot log TLS keys: netty-tcnative's key-log hook is out of reach ("
                    + e + ")", e);
        }
        if (!set) {
            throw new KeyLogException(file, "cannot log TLS keys: this netty-tcnative build has no key-log hook"
                    + " (it needs BoringSSL or AWS-LC)", null);
        }
    }

    /** What {@code SSLContext.make} returned: the handle tcnative's {@code SSLContext} calls take. */
    private static long tcnativeHandle(ReferenceCountedOpenSslContext context) throws ReflectiveOperationException {
        Field ctx = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
        ctx.setAccessible(true);
        long handle = ctx.getLong(context);
        if (handle == 0) {
            throw new IllegalStateException("the context is already freed");
        }
        return handle;
    }

    /** Appends {@code line} (without its newline) and a newline, in one write. */
    void write(byte[] line) {
        ByteBuffer buf = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
        synchronized (this) {
            try {
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            } catch (IOException e) {
                if (!failed) {
                    failed = true;
                    MAIN.warn("cannot write to the key log {}: {} (keys of later connections may be missing)",
                            file, e.getMessage());
                }
            }
        }
    }
}
