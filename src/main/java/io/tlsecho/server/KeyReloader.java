package io.tlsecho.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a reload on its own thread when any of a set of files changes, appears or vanishes (polled), or when asked
 * to (SIGHUP, say); one reload at a time.
 */
final class KeyReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("main");

    private final List<Path> files;
    private final Runnable reload;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tlsecho-reload");
        t.setDaemon(true);
        return t;
    });
    private List<FileTime> seen;

    /** Polls {@code files} every {@code period}; a zero period polls never, and only requests reload. */
    KeyReloader(List<Path> files, Runnable reload, Duration period) {
        this(files, reload, period, stamps(files));
    }

    /**
     * As above, comparing the first poll with {@code seen}: the {@link #stamps(List)} taken before the files were
     * read, so that a change between that read and this reloader's start is not missed.
     */
    KeyReloader(List<Path> files, Runnable reload, Duration period, List<FileTime> seen) {
        this.files = List.copyOf(files);
        this.reload = reload;
        this.seen = new ArrayList<>(seen);
        if (!period.isZero() && !files.isEmpty()) {
            long millis = Math.max(1, period.toMillis());
            thread.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Reloads soon, on the reload thread. */
    void request() {
        try {
            thread.execute(() -> {
                seen = stamps(files);
                reload.run();
            });
        } catch (RejectedExecutionException e) {
            // Closed: the server is draining, and new connections get no certificate any more.
            LOG.info("reload not done: the server is closing");
        }
    }

    private void poll() {
        List<FileTime> now = stamps(files);
        if (!Objects.equals(now, seen)) {
            seen = now;
            reload.run();
        }
    }

    /** Each file's modification time, null for a file that is absent or unreadable. */
    static List<FileTime> stamps(List<Path> files) {
        List<FileTime> times = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                times.add(Files.getLastModifiedTime(f));
            } catch (IOException e) {
                times.add(null);
            }
        }
        return times;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
