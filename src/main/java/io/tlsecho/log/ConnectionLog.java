package io.tlsecho.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A logger that shows under a per-connection name such as {@code echo_::1_53957}.
 *
 * <p>The name travels as a key-value pair on one shared SLF4J logger, so a million connections
 * create no logger objects; {@link TranscriptLayout} prints it in the logger's place.
 */
public final class ConnectionLog {

    /** The key-value key that carries the display name. */
    public static final String NAME_KEY = "tlsecho.name";

    private final Logger logger;
    private final String name;

    public ConnectionLog(Logger logger, String name) {
        this.logger = logger;
        this.name = name;
    }

    /** A connection log on the SLF4J logger {@code category}, displayed as {@code name}. */
    public static ConnectionLog of(String category, String name) {
        return new ConnectionLog(LoggerFactory.getLogger(category), name);
    }

    public String name() {
        return name;
    }

    public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
    }

    public boolean isInfoEnabled() {
        return logger.isInfoEnabled();
    }

    public void debug(String format, Object... args) {
        if (logger.isDebugEnabled()) {
            logger.atDebug().addKeyValue(NAME_KEY, name).log(format, args);
        }
    }

    public void info(String format, Object... args) {
        if (logger.isInfoEnabled()) {
            logger.atInfo().addKeyValue(NAME_KEY, name).log(format, args);
        }
    }

    public void warn(String format, Object... args) {
        if (logger.isWarnEnabled()) {
            logger.atWarn().addKeyValue(NAME_KEY, name).log(format, args);
        }
    }

    public void error(String format, Object... args) {
        if (logger.isErrorEnabled()) {
            logger.atError().addKeyValue(NAME_KEY, name).log(format, args);
        }
    }
}
