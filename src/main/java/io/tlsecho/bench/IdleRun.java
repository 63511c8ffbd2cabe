package io.tlsecho.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Idle mode: opens N connections in a bounded ramp, echoes once on each, holds them, then ends them. */
final class IdleRun implements IdleHandler.Listener {

    private final BenchConfig config;
    private final BenchRun run;
    private final Connector connector;
    private final Consumer<String> progress;
    private final Semaphore handshaking;
    private final AtomicInteger established = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private int opened;

    IdleRun(BenchConfig config, BenchRun run, Connector connector, Consumer<String> progress) {
        this.config = config;
        this.run = run;
        this.connector = connector;
        this.progress = progress;
        this.handshaking = new Semaphore(config.maxHandshaking());
    }

    @Override
    public void settled(boolean ok) {
        (ok ? established : failed).incrementAndGet();
        handshaking.release();
    }

    BenchResult run() throws InterruptedException {
        Instant started = Instant.now();
        int n = config.connections();
        long start = System.nanoTime();
        Ticker ticker = new Ticker(progress, start, this::status);
        run.measure();
        long cpuStart = ProcessCpu.nanos();
        for (int i = 0; i < n && run.stoppedEarly() == null; i++) {
            // The ramp may wait here for most of the run: the progress line goes on meanwhile.
            while (!handshaking.tryAcquire(10, TimeUnit.MILLISECONDS) && run.stoppedEarly() == null) {
                ticker.poll();
            }
            ticker.poll();
            if (run.stoppedEarly() == null) {
                connector.connect(new IdleHandler(run, this));
                opened++;
            }
        }
        int tried = opened;
        long settleBy = System.nanoTime() + config.target().connectTimeout().plus(config.target().handshakeTimeout())
                .plus(config.drainTimeout()).toNanos();
        ticker.sleepUntil(settleBy, () -> established.get() + failed.get() >= tried || run.stoppedEarly() != null);
        long ramp = System.nanoTime() - start;
        long cpu = ProcessCpu.nanos() - cpuStart;
        ticker.sleepUntil(System.nanoTime() + config.duration().toNanos(), () -> run.stoppedEarly() != null);
        run.stop();
        for (var ch : connector.open()) {
            ch.pipeline().fireUserEventTriggered(BenchEvent.END);
        }
        Drain.await(ticker, config, connector, () -> connector.open().isEmpty());
        Totals t = run.totals();
        return new BenchResult(config, started, Duration.ofNanos(ramp), t.requests, t.errorsByKind(), t.firstErrors(),
                t.mismatches, t.firstMismatch, Latency.of(t.latency), null, t.resumed, t.full, t.negotiated(), cpu,
                tried - established.get(), run.stoppedEarly());
    }

    private String status() {
        return String.format("%sestablished %d/%d   failed %d   open %d", run.running() ? "" : "ending ",
                established.get(), config.connections(), failed.get(), connector.open().size());
    }
}
