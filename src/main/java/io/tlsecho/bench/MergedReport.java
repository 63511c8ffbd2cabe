package io.tlsecho.bench;

import io.tlsecho.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The interval logs of several runs (processes or machines started together) as one report: the
 * requests added up, percentiles of the merged histogram (exact, not averaged), and a row for
 * each log. Runs made one after another can be reported too, when said so: their rate is then over
 * the time each ran, not over the span from the first start to the last end.
 */
public final class MergedReport {

    private final List<LogSource> sources;
    private final Histogram merged = new Histogram(3);
    private final long startMillis;
    private final long endMillis;
    private final boolean sequential;

    private MergedReport(List<LogSource> sources, boolean sequential) {
        this.sequential = sequential;
        this.sources = List.copyOf(sources);
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (LogSource s : sources) {
            merged.add(s.histogram());
            start = Math.min(start, s.startMillis());
            end = Math.max(end, s.endMillis());
        }
        this.startMillis = start;
        this.endMillis = end;
    }

    /** The report of {@code sources}, at least one, run at the same time. */
    public static MergedReport of(List<LogSource> sources) {
        return of(sources, false);
    }

    /** The report of {@code sources}, at least one; {@code sequential}: run one after another, not at once. */
    public static MergedReport of(List<LogSource> sources, boolean sequential) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("sources: none (expected: at least one log)");
        }
        return new MergedReport(sources, sequential);
    }

    /**
     * Whether every log's time range shares an instant with every other's, as runs started together do (one log
     * always does); runs made one after another do not, and adding their rates up would be wrong.
     */
    public boolean concurrent() {
        long latestStart = sources.stream().mapToLong(LogSource::startMillis).max().orElseThrow();
        long earliestEnd = sources.stream().mapToLong(LogSource::endMillis).min().orElseThrow();
        return sources.size() == 1 || latestStart < earliestEnd;
    }

    /** Requests in every log. */
    public long requests() {
        return merged.getTotalCount();
    }

    /** The merged latencies. */
    public Latency latency() {
        return Latency.of(merged);
    }

    /**
     * Requests per second from the first log's start to the last one's end; sequential runs: over the time each
     * ran, added up.
     */
    public double rps() {
        long millis = sequential ? sources.stream().mapToLong(s -> s.endMillis() - s.startMillis()).sum()
                : endMillis - startMillis;
        return requests() / (Math.max(millis, 1) / 1e3);
    }

    /** Each log's file and time range, for saying which do not overlap. */
    public String ranges() {
        StringBuilder sb = new StringBuilder();
        for (LogSource s : sources) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s.file().getFileName()).append(' ')
                    .append(Instant.ofEpochMilli(s.startMillis())).append(" to ").append(Instant.ofEpochMilli(s.endMillis()));
        }
        return sb.toString();
    }

    /** The report as lines of text. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%d logs, %s to %s (%.2f s)%n", sources.size(), Instant.ofEpochMilli(startMillis),
                Instant.ofEpochMilli(endMillis), (endMillis - startMillis) / 1e3));
        sb.append(String.format("  requests     %,d (%,.1f/s, %s)%n", requests(), rps(), sequential
                ? "runs one after another: over the time each ran" : "all logs together"));
        sb.append(BenchReport.latencyLine("latency    ", latency(), "merged histogram"));
        sb.append(String.format("  %-28s %-16s %10s %10s %10s %10s %10s%n", "source", "host", "requests", "req/s",
                "p50", "p99", "max"));
        for (LogSource s : sources) {
            Latency l = Latency.of(s.histogram());
            sb.append(String.format("  %-28s %-16s %,10d %,10.1f %10s %10s %10s%n", s.file().getFileName(),
                    s.tags().isEmpty() ? "none" : String.join(",", s.tags()), s.requests(), s.rps(),
                    BenchReport.time(l.p50()), BenchReport.time(l.p99()), BenchReport.time(l.max())));
        }
        return sb.toString();
    }

    /** The report as one JSON object; latencies in microseconds. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("logs", sources.size());
        m.put("start", Instant.ofEpochMilli(startMillis).toString());
        m.put("end", Instant.ofEpochMilli(endMillis).toString());
        m.put("span_s", (endMillis - startMillis) / 1e3);
        m.put("sequential", sequential);
        m.put("requests", requests());
        m.put("rps", rps());
        m.put("latency_us", BenchReport.latency(latency()));
        List<Object> rows = new ArrayList<>();
        for (LogSource s : sources) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("file", s.file().toString());
            row.put("hosts", new ArrayList<>(s.tags()));
            row.put("intervals", s.intervals());
            row.put("start", Instant.ofEpochMilli(s.startMillis()).toString());
            row.put("end", Instant.ofEpochMilli(s.endMillis()).toString());
            row.put("requests", s.requests());
            row.put("rps", s.rps());
            row.put("latency_us", BenchReport.latency(Latency.of(s.histogram())));
            rows.add(row);
        }
        m.put("sources", rows);
        return Json.write(m);
    }
}
