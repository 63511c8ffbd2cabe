package io.tlsecho.bench;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The latencies of the measured time as an HdrHistogram interval log (the library's own format,
 * values in nanoseconds), one interval a second, each tagged with this machine's name, so that the
 * logs of several runs can be merged exactly ({@code tlsecho bench report}).
 */
final class IntervalLog implements AutoCloseable {

    private final Path file;
    private final PrintStream out;
    private final HistogramLogWriter writer;
    private final String tag;
    private ScheduledExecutorService timer;
    private List<SingleWriterRecorder> recorders;
    private long intervalStartMillis;
    private final Histogram one = new Histogram(3);

    private IntervalLog(Path file, PrintStream out, String tag) {
        this.file = file;
        this.out = out;
        this.writer = new HistogramLogWriter(out);
        this.tag = tag;
    }

    /** Creates (or truncates) {@code file}; fails now, before any load, when it cannot be written. */
    static IntervalLog create(Path file) throws IOException {
        try {
            return new IntervalLog(file, new PrintStream(file.toFile(), "US-ASCII"), hostTag());
        } catch (FileNotFoundException e) {
            throw new IOException("cannot write --hdr-log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the header and an interval each second from now, from {@code recorders}. */
    synchronized void start(List<SingleWriterRecorder> recorders, String comment) {
        this.recorders = recorders;
        long now = System.currentTimeMillis();
        writer.outputLogFormatVersion();
        writer.outputComment(comment);
        writer.outputStartTime(now);
        writer.setBaseTime(now);
        writer.outputBaseTime(now);
        writer.outputLegend();
        intervalStartMillis = now;
        for (SingleWriterRecorder r : recorders) {
            r.reset();
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "tlsecho-hdr-log");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> interval(System.currentTimeMillis()), 1, 1, TimeUnit.SECONDS);
    }

    /** Stops the timer; what was recorded since the last interval is written by {@link #finish}. */
    synchronized void stopTimer() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Writes the last interval, ending at {@code endMillis}, once nothing more is recorded; checks the file. */
    void finish(long endMillis) throws IOException {
        stopTimer();
        synchronized (this) {
            if (recorders != null) {
                interval(endMillis);
            }
            out.flush();
            if (out.checkError()) {
                throw new IOException("cannot write --hdr-log " + file);
            }
        }
    }

    private synchronized void interval(long endMillis) {
        Histogram h = new Histogram(3);
        for (SingleWriterRecorder r : recorders) {
            r.getIntervalHistogramInto(one);
            h.add(one);
        }
        h.setStartTimeStamp(intervalStartMillis);
        h.setEndTimeStamp(Math.max(endMillis, intervalStartMillis));
        h.setTag(tag);
        writer.outputIntervalHistogram(h);
        intervalStartMillis = endMillis;
    }

    @Override
    public void close() {
        stopTimer();
        out.close();
    }

    /** This machine's name, as a log tag can hold it (no commas or white space). */
    static String hostTag() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        String tag = name.replaceAll("[\\s,]", "_");
        return tag.isEmpty() ? "localhost" : tag.toLowerCase(Locale.ROOT);
    }
}
