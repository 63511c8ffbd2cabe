package io.tlsecho.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;
import org.slf4j.spi.NOPLoggingEventBuilder;

/**
 * A logger that shows under a per-connection name such as {@code echo_::1_53957}.
 *
 * <p>The name travels as a key-value pair on one shared SLF4J logger, so a million connections
 * create no logger objects; {@link TranscriptLayout} prints it in the logger's place. A
 * connection's {@link ConnectionFields}, when it has them, travel the same way for {@link JsonLayout}.
 */
public final class ConnectionLog {

    /** The key-value key that carries the display name. */
    public static final String NAME_KEY = "tlsecho.name";
    /** The key-value key that carries the connection's {@link ConnectionFields}. */
    public static final String FIELDS_KEY = "tlsecho.connection";

    private final Logger logger;
    private final ConnectionFields fields;
    private final boolean connectionEvents;

    public ConnectionLog(Logger logger, String name) {
        this(logger, new ConnectionFields(name, null), false);
    }

    private ConnectionLog(Logger logger, ConnectionFields fields, boolean connectionEvents) {
        this.logger = logger;
        this.fields = fields;
        this.connectionEvents = connectionEvents;
    }

    /** A connection log on the SLF4J logger {@code category}, displayed as {@code name}. */
    public static ConnectionLog of(String category, String name) {
        return new ConnectionLog(LoggerFactory.getLogger(category), name);
    }

    /** A log on {@code category} whose events carry {@code fields} (peer, session, ...) in JSON logs. */
    public static ConnectionLog of(String category, ConnectionFields fields) {
        return new ConnectionLog(LoggerFactory.getLogger(category), fields, true);
    }

    /** The same connection's log on another SLF4J logger (with its own level). */
    public ConnectionLog on(String category) {
        return new ConnectionLog(LoggerFactory.getLogger(category), fields, connectionEvents);
    }

    public String name() {
        return fields.name();
    }

    /** The connection's fields; handlers fill them in as they learn more. */
    public ConnectionFields fields() {
        return fields;
    }

    public boolean isDebugEnabled() {
        return logger.isDebugEnabled();
    }

    public boolean isInfoEnabled() {
        return logger.isInfoEnabled();
    }

    /**
     * An event at {@code level} under this connection's name, to which a caller adds its own
     * key-values (they become fields in JSON logs; text logs show the message only). A no-op
     * builder when the level is off.
     */
    public LoggingEventBuilder at(Level level) {
        if (!logger.isEnabledForLevel(level)) {
            return NOPLoggingEventBuilder.singleton();
        }
        LoggingEventBuilder b = logger.atLevel(level).addKeyValue(NAME_KEY, fields.name());
        return connectionEvents ? b.addKeyValue(FIELDS_KEY, fields) : b;
    }

    public void debug(String format, Object... args) {
        if (logger.isDebugEnabled()) {
            at(Level.DEBUG).log(format, args);
        }
    }

    public void info(String format, Object... args) {
        if (logger.isInfoEnabled()) {
            at(Level.INFO).log(format, args);
        }
    }

    public void warn(String format, Object... args) {
        if (logger.isWarnEnabled()) {
            at(Level.WARN).log(format, args);
        }
    }

    public void error(String format, Object... args) {
        if (logger.isErrorEnabled()) {
            at(Level.ERROR).log(format, args);
        }
    }
}
