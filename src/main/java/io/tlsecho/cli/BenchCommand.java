package io.tlsecho.cli;

import io.tlsecho.bench.Bench;
import io.tlsecho.bench.BenchConfig;
import io.tlsecho.bench.BenchMode;
import io.tlsecho.bench.BenchReport;
import io.tlsecho.bench.BenchResult;
import io.tlsecho.log.Messages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import io.tlsecho.tls.KeyLogException;
import javax.net.ssl.SSLException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tlsecho bench}: load against an echo server (or any TLS server's handshakes), every echo checked; figures as text and JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchReportCommand.class,
        defaultValueProvider = ClientDefaults.class,
        description = {"Load an echo server: round trips (pingpong), whole sessions (session) or held connections "
                + "(idle); or any TLS server's handshakes (handshake).",
            "Closed model by default (each connection sends when its last request is done); --rate: open model, "
                    + "latency from when each request was due, corrected for coordinated omission."})
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Mixin
    TargetOptions target;

    @Option(names = "--mode", defaultValue = "pingpong", paramLabel = "pingpong|session|idle|handshake",
            description = "pingpong: repeated round trips per connection; session: a whole conversation per request; "
                    + "idle: open, echo once, hold; handshake: connect, handshake, close_notify, close — any TLS "
                    + "server (default: ${DEFAULT-VALUE}).")
    BenchMode mode;

    @Option(names = {"-c", "--connections"}, defaultValue = "1", description = "Connections at once; session and handshake modes: connections under way at once (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-s", "--size"}, defaultValue = "1024", paramLabel = "BYTES", description = "Bytes in each message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "10s", description = "Time measured, or until --requests, whichever comes first; idle: time held (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--requests", paramLabel = "N", description = "Stop after N measured requests, or at the end of --duration, whichever comes first.")
    long requests;

    @Option(names = "--rate", paramLabel = "R", description = "Open model: R requests per second in total, spread evenly over the connections, each sent when due; "
            + "latency counts from when it was due (latency_us), and also from when it was sent (latency_uncorrected_us). "
            + "Session and handshake modes: new connections at this rate. The report gives the achieved rate beside the target (target_rps).")
    double rate;

    @Option(names = "--hdr-log", paramLabel = "FILE", description = "Write the latencies to FILE as an HdrHistogram interval log "
            + "(one interval a second, nanoseconds, tagged with this host's name); merge several with 'tlsecho bench report'.")
    Path hdrLog;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "0s", description = "Run this long first, figures discarded; with --rate, the backlog it fell behind on is dropped when measuring starts (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--resume", description = "Session and handshake modes: resume TLS sessions; the run fails (exit 21) if the server never resumes (default: every handshake full).")
    boolean resume;

    @Option(names = "--threads", description = "Event loop threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--plain", description = "Plain TCP without TLS, against `server --plain`: nothing is encrypted. Only for measuring what TLS costs.")
    boolean plain;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as one JSON object, its keys always in the same order.")
    Path json;

    @Override
    public Integer call() throws Exception {
        logging.apply(System.err);
        BenchConfig config = config();
        if (plain) {
            LoggerFactory.getLogger("main").warn("plain TCP: nothing is encrypted; this mode is for measuring only");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchResult result;
        try (Bench bench = Bench.create(config)) {
            result = bench.run(line -> {
                if (!logging.quiet) {
                    err.println(line);
                    err.flush();
                }
            });
        } catch (KeyLogException e) {
            throw new UserException(ExitCode.KEY_LOG, e.getMessage(), e);
        } catch (SSLException e) {
            throw new UserException(ExitCode.TLS, "cannot set up TLS: " + Messages.of(e), e);
        } catch (IOException e) {
            throw new UserException(ExitCode.FILE, e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new UserException(ExitCode.FILE, e.getCause().getMessage(), e);
        }
        out.print(BenchReport.text(result));
        out.flush();
        if (json != null) {
            try {
                Files.writeString(json, BenchReport.json(result) + "\n");
            } catch (IOException e) {
                throw new UserException(ExitCode.FILE, "cannot write --json " + json + ": " + Messages.of(e), e);
            }
        }
        if (result.failed()) {
            if (result.neverResumed()) {
                err.printf("tlsecho: the server never resumed a session (%d full handshakes, --resume)%n", result.full());
            }
            if (result.errorCount() > 0 || result.mismatches() > 0 || result.failedConnections() > 0) {
                err.printf("tlsecho: %d error(s) %s, %d mismatch(es)%n", result.errorCount(), result.errors(),
                        result.mismatches());
            }
            err.flush();
            return ExitCode.BENCH_ERRORS;
        }
        return ExitCode.OK;
    }

    BenchConfig config() {
        try {
            BenchConfig.Builder b = BenchConfig.builder(TargetOptions.build(target.builder()))
                    .mode(mode).connections(connections).size(size)
                    .duration(duration).warmup(warmup).resume(resume).plaintext(plain)
                    .rate(rate).requests(requests).hdrLog(hdrLog);
            if (threads != null) {
                b.threads(threads);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage());
        }
    }
}
