package io.tlsecho.tls;

import java.nio.file.Path;
import javax.net.ssl.SSLException;

/** The key-log file cannot be opened for writing, or this engine build cannot log keys. */
public final class KeyLogException extends SSLException {

    private final Path file;

    KeyLogException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
    }

    /** The key-log file that was asked for. */
    public Path file() {
        return file;
    }
}
