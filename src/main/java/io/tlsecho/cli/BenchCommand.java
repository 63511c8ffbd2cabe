package io.tlsecho.cli;

import io.tlsecho.bench.Bench;
import io.tlsecho.bench.BenchConfig;
import io.tlsecho.bench.BenchMode;
import io.tlsecho.bench.BenchReport;
import io.tlsecho.bench.BenchResult;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.log.Messages;
import io.tlsecho.tls.KeyLogException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tlsecho bench}: load against an echo server (or any TLS server's handshakes), every echo checked; figures as text and JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchReportCommand.class,
        defaultValueProvider = BenchCommand.Defaults.class,
        description = {"Load an echo server: round trips (pingpong), whole sessions (session) or held connections "
                + "(idle); or any TLS server's handshakes (handshake).",
            "Closed model by default (each connection sends when its last request is done); --rate: open model, "
                    + "latency from when each request was due, corrected for coordinated omission.",
            "Ctrl-C ends the run early: the figures so far are printed (and written to --json), exit 130."})
final class BenchCommand implements Callable<Integer> {

    /** The options' defaults, from {@link BenchConfig.Builder}'s, and the target's from the client's. */
    static final class Defaults extends BuilderDefaults {
        Defaults() {
            super(sources());
        }

        private static Object[] sources() {
            List<Object> all = new ArrayList<>();
            all.add(renamed());
            all.addAll(List.of(ClientDefaults.sources()));
            all.add(BenchConfig.builder(EchoClientConfig.builder().build()).build());
            return all.toArray();
        }

        private static Map<String, Object> renamed() {
            Map<String, Object> m = new HashMap<>();
            // Absent: the closed model.
            m.put("--rate", null);
            m.put("--plain", false);
            return m;
        }
    }

    /** Settings whose option is not named after them. */
    private static final Map<String, String> OPTIONS = Map.of("plaintext", "--plain");

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Mixin
    TargetOptions target;

    @Option(names = "--mode", paramLabel = "pingpong|session|idle|handshake",
            description = "pingpong: repeated round trips per connection; session: a whole conversation per request; "
                    + "idle: open, echo once, hold; handshake: connect, handshake, close_notify, close — any TLS "
                    + "server (default: ${DEFAULT-VALUE}).")
    BenchMode mode;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", description = "Connections at once; session and handshake modes: connections under way at once (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", description = "Bytes in each message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", description = "Time measured, or until --requests, whichever comes first; idle: time held (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--requests", paramLabel = "N", description = "Stop after N measured requests, or at the end of --duration, whichever comes first; 0: no limit (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(names = "--rate", paramLabel = "R", description = "Open model: R (> 0) requests per second in total, spread evenly over the connections, each sent when due; "
            + "latency counts from when it was due (latency_us), and also from when it was sent (latency_uncorrected_us). "
            + "Session and handshake modes: new connections at this rate. The report gives the achieved rate beside the target (target_rps); "
            + "a target not reached is a warning (default: none, the closed model).")
    Double rate;

    @Option(names = "--hdr-log", paramLabel = "FILE", description = "Write the latencies to FILE as an HdrHistogram interval log "
            + "(one interval a second, nanoseconds, tagged with this host's name); merge several with 'tlsecho bench report'.")
    Path hdrLog;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "Run this long first, figures discarded; with --rate, the backlog it fell behind on is dropped when measuring starts; "
            + "without it the figures include the ramp (connecting, first handshakes), and a warning says so (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--resume", description = "Session and handshake modes: resume TLS sessions; the run fails (exit 21) if the server never resumes (default: every handshake full).")
    boolean resume;

    @Option(names = "--threads", paramLabel = "N", description = "Event loop threads (default: the number of cores, here ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--plain", description = "Plain TCP without TLS, against `server --plain`: nothing is encrypted. Only for measuring what TLS costs.")
    boolean plain;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as one JSON object, its keys always in the same order, "
            + "led by the tlsecho version, the start time, the target and every setting.")
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
        try (Bench bench = Bench.create(config); CtrlC ctrlC = CtrlC.install(() -> {
            err.println("tlsecho: interrupted: ending the run and reporting what was measured (Ctrl-C again quits now)");
            err.flush();
            bench.interrupt();
        })) {
            if (!logging.quiet && config.warmup().isZero() && config.mode() != BenchMode.IDLE) {
                err.println("tlsecho: warning: no --warmup: the figures include the ramp (connecting, the first "
                        + "handshakes, the JIT compiling)");
                err.flush();
            }
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
        return outcome(result, err);
    }

    /** Says on standard error what went wrong, and gives the exit code. */
    private static int outcome(BenchResult result, PrintWriter err) {
        if (!result.rateReached()) {
            err.printf("tlsecho: warning: the target rate was not reached: %,.1f/s of %,.1f/s (--rate); the latencies "
                    + "are those of a lighter load%n", result.rps(), result.targetRps());
        }
        if (result.stoppedEarly() != null && !"interrupted".equals(result.stoppedEarly())) {
            err.printf("tlsecho: stopped early: %s%n", result.stoppedEarly());
        }
        if (result.neverResumed()) {
            err.printf("tlsecho: the server never resumed a session (%d full handshakes, --resume)%n", result.full());
        }
        if (result.errorCount() > 0 || result.mismatches() > 0 || result.failedConnections() > 0) {
            err.printf("tlsecho: %,d error(s)%s, %,d mismatch(es)%n", result.errorCount(),
                    result.errors().isEmpty() ? "" : result.errors().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ", " (", ")")),
                    result.mismatches());
        }
        err.flush();
        if ("interrupted".equals(result.stoppedEarly())) {
            return ExitCode.INTERRUPTED;
        }
        return result.failed() ? ExitCode.BENCH_ERRORS : ExitCode.OK;
    }

    BenchConfig config() {
        if (rate != null && !(rate > 0)) {
            throw new UserException(ExitCode.USAGE, "--rate: " + java.math.BigDecimal.valueOf(rate).stripTrailingZeros().toPlainString()
                    + " (expected: > 0 requests per second; leave --rate out for the closed model)");
        }
        try {
            return BenchConfig.builder(TargetOptions.build(target.builder()))
                    .mode(mode).connections(connections).size(size)
                    .duration(duration).warmup(warmup).resume(resume).plaintext(plain)
                    .rate(rate == null ? 0 : rate).requests(requests).hdrLog(hdrLog).threads(threads)
                    .build();
        } catch (InvalidSettingException e) {
            throw UserException.of(e, OPTIONS);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage());
        }
    }
}
