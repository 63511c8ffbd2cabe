package io.tlsecho.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;

/**
 * Sets up Logback without XML: one console appender, in the seed's format or as JSON lines.
 *
 * <p>Logback finds this class through {@code META-INF/services}, which keeps start-up free of
 * Joran's XML parsing; the CLI then calls {@link #configure} with the user's choices.
 */
public final class Logging extends ContextAwareBase implements Configurator {

    /** How much to log. */
    public enum Verbosity {
        /** Errors only. */
        QUIET(Level.ERROR),
        /** Lifecycle: start-up, accepted connections, terminations, warnings and errors. */
        NORMAL(Level.INFO),
        /** The whole seed transcript: every received, sent and sending line. */
        VERBOSE(Level.DEBUG);

        final Level level;

        Verbosity(Level level) {
            this.level = level;
        }
    }

    /** How each event is written. */
    public enum Format {
        /** The seed's {@code name: message} lines. */
        TEXT,
        /** One JSON object per line, for log pipelines; see {@link JsonLayout}. */
        JSON
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        install(context, Verbosity.NORMAL, Format.TEXT, System.err, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Logs at {@code verbosity} to {@code out}; {@code stackTraces} adds the stack of each error. */
    public static void configure(Verbosity verbosity, PrintStream out, boolean stackTraces) {
        configure(verbosity, Format.TEXT, out, stackTraces);
    }

    /** Logs at {@code verbosity} to {@code out} in {@code format}; {@code stackTraces} adds the stack of each error. */
    public static void configure(Verbosity verbosity, Format format, PrintStream out, boolean stackTraces) {
        install((LoggerContext) LoggerFactory.getILoggerFactory(), verbosity, format, out, stackTraces);
    }

    /** Turns off the logger {@code category} (and those under it) until the next {@link #configure}. */
    public static void silence(String category) {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(category).setLevel(Level.OFF);
    }

    private static void install(LoggerContext context, Verbosity verbosity, Format format, OutputStream out,
                                boolean stackTraces) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        // Levels set by an earlier configuration (silence, say) go back to inheriting the root's.
        for (Logger logger : context.getLoggerList()) {
            if (logger != root) {
                logger.setLevel(null);
            }
        }

        LayoutBase<ILoggingEvent> layout;
        if (format == Format.JSON) {
            JsonLayout json = new JsonLayout();
            json.setStackTraces(stackTraces);
            layout = json;
        } else {
            TranscriptLayout text = new TranscriptLayout();
            text.setStackTraces(stackTraces);
            layout = text;
        }
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();

        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("console");
        appender.setEncoder(encoder);
        // Stopping an appender closes its stream: never let that close System.err or System.out.
        appender.setOutputStream(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        });
        appender.setImmediateFlush(true);
        appender.start();

        root.addAppender(appender);
        root.setLevel(verbosity.level);
        // Netty's own chatter is for --debug only.
        context.getLogger("io.netty").setLevel(stackTraces ? Level.INFO : Level.WARN);
    }
}
