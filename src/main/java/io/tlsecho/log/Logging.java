package io.tlsecho.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;

/**
 * Sets up Logback without XML: one console appender in the seed's format.
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

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        install(context, Verbosity.NORMAL, System.err, false);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Logs at {@code verbosity} to {@code out}; {@code stackTraces} adds the stack of each error. */
    public static void configure(Verbosity verbosity, PrintStream out, boolean stackTraces) {
        install((LoggerContext) LoggerFactory.getILoggerFactory(), verbosity, out, stackTraces);
    }

    private static void install(LoggerContext context, Verbosity verbosity, OutputStream out, boolean stackTraces) {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();

        TranscriptLayout layout = new TranscriptLayout();
        layout.setContext(context);
        layout.setStackTraces(stackTraces);
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
        appender.setOutputStream(new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws java.io.IOException {
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
