package io.tlsecho.bench;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Pingpong, session and handshake modes: N connection loops (open model: each at its share of
 * the rate), warmed up, measured for the duration or up to the request limit, drained.
 */
final class LoadRun {

    private final BenchConfig config;
    private final BenchRun run;
    private final Connector connector;
    private final EventLoopGroup group;
    private final IntervalLog log;
    private final Consumer<String> progress;
    private long lastRequests;

    LoadRun(BenchConfig config, BenchRun run, Connector connector, EventLoopGroup group, IntervalLog log,
            Consumer<String> progress) {
        this.config = config;
        this.run = run;
        this.connector = connector;
        this.group = group;
        this.log = log;
        this.progress = progress;
    }

    BenchResult run() throws InterruptedException {
        Instant started = Instant.now();
        ConnectionLoops loops = new ConnectionLoops(connector, run, group, config.mode().connectionPerRequest(),
                this::handler);
        long start = System.nanoTime();
        Ticker ticker = new Ticker(progress, start, this::status);
        Schedule[] schedules = config.openModel() ? Schedule.of(config.rate(), config.connections(), start) : null;
        loops.start(config.connections(), schedules);
        BooleanSupplier over = () -> hopeless(start) || run.stoppedEarly() != null;
        ticker.sleepUntil(start + config.warmup().toNanos(), over);
        if (schedules != null && !config.warmup().isZero()) {
            // What the warm-up fell behind on is dropped: the schedule goes on from the measured start.
            for (Schedule s : schedules) {
                s.skipBefore(start + config.warmup().toNanos());
            }
        }
        if (log != null) {
            log.start(run.recorders(), "tlsecho bench --mode " + config.mode() + " --connections "
                    + config.connections() + (config.openModel() ? " --rate " + config.rate() : "")
                    + "; latency in nanoseconds" + (config.openModel() ? ", from when each request was due" : ""));
        }
        run.measure();
        // From when measuring was due, as the schedule is: starting the loops can take a while (the
        // first connection loads TLS), and requests due meanwhile count in the measured time.
        long measureStart = start + config.warmup().toNanos();
        long cpuStart = ProcessCpu.nanos();
        ticker.sleepUntil(measureStart + config.duration().toNanos(),
                () -> run.limitReached() || over.getAsBoolean());
        run.stop();
        long measured = Math.max(0, System.nanoTime() - measureStart);
        long endMillis = System.currentTimeMillis();
        long cpu = ProcessCpu.nanos() - cpuStart;
        if (log != null) {
            log.stopTimer();
        }
        for (Channel ch : connector.open()) {
            ch.pipeline().fireUserEventTriggered(BenchEvent.END);
        }
        Drain.await(ticker, config, connector, () -> loops.live() == 0);
        if (log != null) {
            try {
                log.finish(endMillis);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Totals t = run.totals();
        return new BenchResult(config, started, Duration.ofNanos(measured), t.requests, t.errorsByKind(),
                t.firstErrors(), t.mismatches, t.firstMismatch, Latency.of(t.latency),
                config.openModel() ? Latency.of(t.uncorrected) : null, t.resumed, t.full, t.negotiated(), cpu, 0,
                run.stoppedEarly());
    }

    /**
     * Whether {@link Bench#GIVE_UP_AFTER} has passed since {@code start} with failures and not one success; if so,
     * the run is stopped early, for that reason.
     */
    private boolean hopeless(long start) {
        if (System.nanoTime() - start >= Bench.GIVE_UP_AFTER.toNanos() && run.nothingSucceeded()) {
            run.stopEarly("nothing succeeded in the first " + Bench.GIVE_UP_AFTER.toSeconds() + " s");
            return true;
        }
        return false;
    }

    private BenchHandler handler(Schedule schedule, long dueNanos) {
        return switch (config.mode()) {
            case PINGPONG -> new PingPongHandler(run, schedule);
            case SESSION -> new SessionHandler(run, dueNanos);
            case HANDSHAKE -> new HandshakeHandler(run, dueNanos, config.resume());
            case IDLE -> throw new IllegalStateException("idle mode has no load loops");
        };
    }

    private String status() {
        long requests = run.completed();
        long delta = Math.max(0, requests - lastRequests);
        lastRequests = requests;
        String unit = config.mode() == BenchMode.HANDSHAKE ? "handshakes/s" : "req/s";
        return String.format("%s%,10d %s%s   errors %d   open %d",
                run.measuring() ? "" : run.running() ? "warmup " : "drain  ", delta, unit,
                config.openModel() ? String.format(" (target %,.0f)", config.rate()) : "",
                run.failures(), connector.open().size());
    }
}
