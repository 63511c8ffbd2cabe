package io.tlsecho.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs an action when any of a set of files changes (polled), or when asked to (SIGHUP). */
final class Reloader implements AutoCloseable {

    private final List<Path> files;
    private final Runnable action;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tlsecho-reload");
        t.setDaemon(true);
        return t;
    });
    private List<FileTime> seen;

    Reloader(List<Path> files, Runnable action, long periodMillis) {
        this.files = List.copyOf(files);
        this.action = action;
        this.seen = stamps();
        timer.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs the action now, on the reload thread (from a signal handler, say). */
    void reloadNow() {
        timer.execute(() -> {
            seen = stamps();
            action.run();
        });
    }

    private void poll() {
        List<FileTime> now = stamps();
        if (!Objects.equals(now, seen)) {
            seen = now;
            action.run();
        }
    }

    private List<FileTime> stamps() {
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
        timer.shutdownNow();
    }
}
