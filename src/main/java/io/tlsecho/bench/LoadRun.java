package io.tlsecho.bench;

import java.util.function.Consumer;

/** Pingpong and session modes: N connection loops, warmed up, measured for the duration, drained. */
final class LoadRun {

    private final BenchConfig config;
    private final BenchRun run;
    private final Connector connector;
    private final Consumer<String> progress;
    private long lastRequests;

    LoadRun(BenchConfig config, BenchRun run, Connector connector, Consumer<String> progress) {
        this.config = config;
        this.run = run;
        this.connector = connector;
        this.progress = progress;
    }

    BenchResult run() throws InterruptedException {
        ConnectionLoops loops = new ConnectionLoops(connector, run, config.mode() == BenchMode.PINGPONG
                ? () -> new PingPongHandler(run) : () -> new SessionHandler(run));
        long start = System.nanoTime();
        Ticker ticker = new Ticker(progress, start, this::status);
        loops.start(config.connections());
        ticker.sleepUntil(start + config.warmup().toNanos());
        run.measure();
        long measureStart = System.nanoTime();
        long cpuStart = ProcessCpu.nanos();
        ticker.sleepUntil(measureStart + config.duration().toNanos());
        run.stop();
        long measured = System.nanoTime() - measureStart;
        long cpu = ProcessCpu.nanos() - cpuStart;
        Drain.await(ticker, config, connector, () -> loops.live() == 0);
        Totals t = run.totals();
        return new BenchResult(config.mode(), config.connections(), config.size(), config.duration(),
                java.time.Duration.ofNanos(measured), t.requests, t.errorsByKind(), t.mismatches,
                Latency.of(t.latency), t.resumed, t.full, cpu, 0);
    }

    private String status() {
        long requests = run.completed();
        long delta = Math.max(0, requests - lastRequests);
        lastRequests = requests;
        return String.format("%s%,10d req/s   errors %d   open %d", run.measuring() ? "" : run.running() ? "warmup " : "drain  ",
                delta, run.failures(), connector.open().size());
    }
}
