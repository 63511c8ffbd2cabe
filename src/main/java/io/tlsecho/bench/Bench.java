package io.tlsecho.bench;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.tlsecho.tls.KeyLog;
import io.tlsecho.tls.TlsContexts;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The load generator: bootstraps the connections of a {@link BenchConfig}, runs them, and returns the figures. */
public final class Bench implements AutoCloseable {

    /** A run in which something failed and nothing succeeded for this long is stopped early. */
    public static final Duration GIVE_UP_AFTER = Duration.ofSeconds(5);

    private final BenchConfig config;
    private final SslContext sslContext;
    private final EventLoopGroup group;
    private final Payload payload;
    private final IntervalLog log;
    private volatile BenchRun current;
    private volatile boolean interrupted;

    private static final String INTERRUPTED = "interrupted";

    private Bench(BenchConfig config, SslContext sslContext, IntervalLog log) {
        this.config = config;
        this.sslContext = sslContext;
        this.log = log;
        this.group = config.target().transport().newGroup(config.threads());
        this.payload = Payload.random(config.size(), System.nanoTime());
    }

    /**
     * A bench for {@code config}; fails when the TLS settings are refused ({@link javax.net.ssl.SSLException};
     * a {@link io.tlsecho.tls.KeyLogException} when the key-log file cannot be written) or the interval log
     * cannot be written (another {@link IOException}).
     */
    public static Bench create(BenchConfig config) throws IOException {
        KeyLog.warnIfUnsupported(config.target().tls());
        SslContext ctx = TlsContexts.client(config.target().trust(), config.target().certificate(), config.target().tls());
        if (!config.resume()) {
            // Every handshake full: nothing is kept to resume.
            TlsContexts.disableClientSessionCache(ctx);
        }
        IntervalLog log = config.hdrLog() == null ? null : IntervalLog.create(config.hdrLog());
        return new Bench(config, ctx, log);
    }

    public BenchConfig config() {
        return config;
    }

    /**
     * Runs the load, calling {@code progress} with a line each second; returns the figures. An
     * interval log that cannot be written fails with an {@link java.io.UncheckedIOException}.
     */
    public BenchResult run(Consumer<String> progress) throws InterruptedException {
        BenchRun run = new BenchRun(group, payload, "the server at " + config.target().host() + " port "
                + config.target().port(), config.openModel(), config.requests(), log != null);
        current = run;
        if (interrupted) {
            run.stopEarly(INTERRUPTED);
        }
        Connector connector = new Connector(config, sslContext, group, run);
        return config.mode() == BenchMode.IDLE
                ? new IdleRun(config, run, connector, progress).run()
                : new LoadRun(config, run, connector, group, log, progress).run();
    }

    /**
     * Ends the run now, from any thread (a Ctrl-C handler): the connections are ended as at the end of the
     * duration, and {@link #run} returns what was measured so far, its {@link BenchResult#stoppedEarly()} saying so.
     */
    public void interrupt() {
        interrupted = true;
        BenchRun run = current;
        if (run != null) {
            run.stopEarly(INTERRUPTED);
        }
    }

    /** Closes the event loops and the interval log. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        payload.close();
        if (log != null) {
            log.close();
        }
    }
}
