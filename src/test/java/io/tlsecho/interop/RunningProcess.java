package io.tlsecho.interop;

import io.tlsecho.testing.Nulls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A child process whose stdout and stderr are drained on threads into buffers, destroyed with its descendants on close. */
public final class RunningProcess implements AutoCloseable {

    private final List<String> command;
    private final Process process;
    private final Buffer stdout = new Buffer();
    private final Buffer stderr = new Buffer();
    private final Thread stdoutPump;
    private final Thread stderrPump;

    private RunningProcess(List<String> command, Process process) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdoutPump = pump(process.getInputStream(), stdout, "stdout");
        this.stderrPump = pump(process.getErrorStream(), stderr, "stderr");
    }

    /**
     * Starts {@code command} in {@code directory} with extra environment variables. The directory is
     * required: a child left in the current directory (the checkout) writes its files there.
     */
    public static RunningProcess start(List<String> command, Path directory, Map<String, String> environment) {
        Nulls.refuse("command", command);
        Objects.requireNonNull(directory, "directory (a child needs a temporary directory, never the checkout)");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(directory.toFile());
        builder.environment().putAll(Objects.requireNonNull(environment, "environment"));
        try {
            return new RunningProcess(command, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The underlying process. */
    public Process process() {
        return process;
    }

    /** The child's stdin; close it to send end of file. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /** Everything read from stdout so far. */
    public byte[] stdoutBytes() {
        return stdout.bytes();
    }

    /** Everything read from stdout so far, decoded as UTF-8. */
    public String stdout() {
        return new String(stdout.bytes(), StandardCharsets.UTF_8);
    }

    /** Everything read from stderr so far, decoded as UTF-8. */
    public String stderr() {
        return new String(stderr.bytes(), StandardCharsets.UTF_8);
    }

    /**
     * Waits until a line of stderr matches {@code pattern} (with {@link Matcher#find()}) and returns
     * the matcher of the first such line since the process started; fails with the stderr so far on timeout or if the process exits first.
     */
    public Matcher waitForLine(Pattern pattern, Duration timeout) {
        return stderr.waitForLine(pattern, timeout, this);
    }

    /**
     * Sends SIGTERM and keeps reading its output (unlike {@link Process#destroy()}, which also closes
     * the pipes, losing whatever the process logs while it shuts down).
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the process to exit and for its output to be drained; returns the exit code or fails on timeout. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process did not exit within " + timeout + ": " + describe());
            }
            stdoutPump.join(timeout.toMillis());
            stderrPump.join(timeout.toMillis());
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + command, e);
        }
    }

    /** The command, and the stderr captured so far, for failure messages. */
    public String describe() {
        return command + (process.isAlive() ? " (running)" : " (exit " + process.exitValue() + ")")
                + "\n--- stderr ---\n" + stderr() + "\n--- stdout ---\n" + stdout();
    }

    /** Destroys the process and its descendants (SIGTERM, then SIGKILL after 5 seconds). */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            stdoutPump.join(2000);
            stderrPump.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread pump(InputStream in, Buffer into, String name) {
        Thread thread = new Thread(() -> {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    into.append(chunk, n);
                }
            } catch (IOException ignored) {
                // the process went away
            } finally {
                into.finish();
            }
        }, "RunningProcess-" + name + "-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** A growable byte buffer that waiters can block on. */
    private static final class Buffer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean finished;

        synchronized void append(byte[] chunk, int n) {
            bytes.write(chunk, 0, n);
            notifyAll();
        }

        synchronized void finish() {
            finished = true;
            notifyAll();
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }

        synchronized Matcher waitForLine(Pattern pattern, Duration timeout, RunningProcess owner) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int scanned = 0;
            while (true) {
                String text = bytes.toString(StandardCharsets.UTF_8);
                int end;
                while ((end = text.indexOf('\n', scanned)) >= 0) {
                    String line = text.substring(scanned, end).replace("\r", "");
                    scanned = end + 1;
                    Matcher matcher = pattern.matcher(line);
                    if (matcher.find()) {
                        return matcher;
                    }
                }
                if (finished) {
                    String last = text.substring(scanned);
                    Matcher matcher = pattern.matcher(last);
                    if (!last.isEmpty() && matcher.find()) {
                        return matcher;
                    }
                    throw new AssertionError("stderr ended without a line matching /" + pattern + "/: " + owner.describe());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no stderr line matching /" + pattern + "/ within " + timeout + ": " + owner.describe());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for /" + pattern + "/", e);
                }
            }
        }
    }
}
