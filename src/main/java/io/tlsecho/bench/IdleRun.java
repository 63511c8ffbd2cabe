package io.tlsecho.bench;

import java.time.Duration;
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
        int n = config.connections();
        long start = System.nanoTime();
        Ticker ticker = new Ticker(progress, start, this::status);
        run.measure();
        long cpuStart = ProcessCpu.nanos();
        for (int i = 0; i < n; i++) {
            // The ramp may wait here for most of the run: the progress line goes on meanwhile.
            while (!handshaking.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                ticker.poll();
            }
            ticker.poll();
            connector.connect(new IdleHandler(run, this));
        }
        long settleBy = System.nanoTime() + config.target().connectTimeout().plus(config.target().handshakeTimeout())
                .plus(config.drainTimeout()).toNanos();
        ticker.sleepUntil(settleBy, () -> established.get() + failed.get() >= n);
        long ramp = System.nanoTime() - start;
        long cpu = ProcessCpu.nanos() - cpuStart;
        ticker.sleepUntil(System.nanoTime() + config.duration().toNanos());
        run.stop();
        for (var ch : connector.open()) {
            ch.pipeline().fireUserEventTriggered(BenchEvent.END);
        }
        Drain.await(ticker, config, connector, () -> connector.open().isEmpty());
        Totals t = run.totals();
        return new BenchResult(config.mode(), n, config.size(), config.duration(), Duration.ofNanos(ramp),
                t.requests, t.errorsByKind(), t.mismatches, Latency.of(t.latency), null, 0, t.resumed, t.full,
                false, t.negotiated(), cpu, n - established.get());
    }

    private String status() {
        return String.format("%sestablished %d/%d   failed %d   open %d", run.running() ? "" : "ending ",
                established.get(), config.connections(), failed.get(), connector.open().size());
    }
}
