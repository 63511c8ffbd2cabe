package io.tlsecho.cli;

import io.netty.util.ResourceLeakDetector;
import io.tlsecho.log.Logging;
import io.tlsecho.log.Logging.Verbosity;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** {@code -v}, {@code -q} and {@code --debug}, shared by every command that logs. */
public final class LoggingOptions {

    @Option(names = {"-v", "--verbose"}, description = "Log the whole transcript: every received, sent and sending line.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log errors only.")
    boolean quiet;

    @Option(names = "--debug", description = "Show stack traces, Netty's own warnings and its buffer leak detector.")
    boolean debug;

    Verbosity verbosity() {
        if (quiet && verbose) {
            throw new UserException(ExitCode.USAGE, "-q and -v cannot be used together");
        }
        return quiet ? Verbosity.QUIET : verbose ? Verbosity.VERBOSE : Verbosity.NORMAL;
    }

    /** Sends logs to {@code out} at the chosen level. */
    void apply(PrintStream out) {
        apply(out, Logging.Format.TEXT);
    }

    /** Sends logs to {@code out} at the chosen level, in {@code format}. */
    void apply(PrintStream out, Logging.Format format) {
        Logging.configure(verbosity(), format, out, debug);
        // Netty's leak detector records the stack of sampled buffers: a help with --debug, a cost in service.
        if (!debug && System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
