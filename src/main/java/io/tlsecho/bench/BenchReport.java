package io.tlsecho.bench;

import io.tlsecho.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A {@link BenchResult} as text for people and as one JSON object for programs, its keys always in one order. */
public final class BenchReport {

    private BenchReport() {
    }

    /** The figures as lines of text. */
    public static String text(BenchResult r) {
        StringBuilder sb = new StringBuilder();
        boolean idle = r.mode() == BenchMode.IDLE;
        boolean handshake = r.mode() == BenchMode.HANDSHAKE;
        sb.append(String.format("mode %s, %d connections, %s%s%n", r.mode(), r.connections(),
                handshake ? "" : r.size() + "-byte messages, ",
                idle ? "held " + seconds(r.duration().toNanos()) : "measured " + seconds(r.measured().toNanos())));
        if (r.openModel()) {
            sb.append(String.format("  rate         target %s/s, achieved %.1f/s%s%n", number(r.targetRps()), r.rps(),
                    r.rateReached() ? "" : " (target not reached)"));
        }
        if (idle) {
            sb.append(String.format("  established  %d of %d (%d failed) in %s (%.0f connections/s)%n",
                    r.requests(), r.connections(), r.failedConnections(), seconds(r.measured().toNanos()), r.rps()));
        } else if (handshake) {
            sb.append(String.format("  handshakes   %d (%.1f/s)%n", r.requests(), r.rps()));
        } else {
            sb.append(String.format("  requests     %d (%.1f/s)%n", r.requests(), r.rps()));
            sb.append(String.format("  throughput   %.2f MB/s of payload echoed (10^6 bytes, counted once; each direction carries this)%n",
                    r.mbps()));
        }
        String what = idle ? "connect to first echo" : handshake ? "connect to handshake done"
                : r.mode() == BenchMode.SESSION ? "whole session" : "round trip";
        sb.append(latencyLine("latency    ", r.latency(), what + (r.openModel() ? ", from when due" : "")));
        if (r.uncorrected() != null) {
            sb.append(latencyLine("uncorrected", r.uncorrected(), what + ", from when sent"));
        }
        sb.append(String.format("  handshakes   %d full, %d resumed (%.1f%% resumed)%s%n", r.full(), r.resumed(),
                100 * r.resumedFraction(), r.neverResumed() ? " — the server never resumed a session" : ""));
        Negotiated n = r.negotiated();
        sb.append(String.format("  negotiated   %s; %s; %s%n", counts(n.protocols()), counts(n.ciphers()),
                counts(n.groups())));
        sb.append(String.format("  client cpu   %.2f s (%.1f µs per %s)%n", r.cpuNanos() / 1e9, r.cpuPerRequestMicros(),
                idle ? "connection" : handshake ? "handshake" : "request"));
        sb.append(String.format("  errors       %s%n", r.errorCount() == 0 ? "none" : r.errorCount() + " " + r.errors()));
        sb.append(String.format("  mismatches   %d%n", r.mismatches()));
        return sb.toString();
    }

    /** The figures as one JSON object; latencies in microseconds. */
    public static String json(BenchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", r.mode().toString());
        m.put("connections", r.connections());
        m.put("size", r.size());
        m.put("duration_s", r.duration().toNanos() / 1e9);
        m.put("measured_s", r.measured().toNanos() / 1e9);
        if (r.openModel()) {
            m.put("target_rps", r.targetRps());
            m.put("rate_reached", r.rateReached());
        }
        m.put("requests", r.requests());
        m.put("rps", r.rps());
        m.put("mbps", r.mbps());
        m.put("mbps_note", "payload bytes echoed per second / 10^6, counted once");
        m.put("errors", r.errorCount());
        m.put("errors_by_class", new TreeMap<>(r.errors()));
        m.put("mismatches", r.mismatches());
        m.put("latency_us", latency(r.latency()));
        if (r.uncorrected() != null) {
            m.put("latency_uncorrected_us", latency(r.uncorrected()));
        }
        Map<String, Object> handshakes = new LinkedHashMap<>();
        handshakes.put("full", r.full());
        handshakes.put("resumed", r.resumed());
        handshakes.put("resumed_fraction", r.resumedFraction());
        m.put("handshakes", handshakes);
        Map<String, Object> negotiated = new LinkedHashMap<>();
        negotiated.put("protocols", r.negotiated().protocols());
        negotiated.put("ciphers", r.negotiated().ciphers());
        negotiated.put("groups", r.negotiated().groups());
        m.put("negotiated", negotiated);
        if (r.mode() == BenchMode.IDLE) {
            m.put("established", r.requests());
            m.put("failed_connections", r.failedConnections());
            m.put("time_to_establish_s", r.measured().toNanos() / 1e9);
        }
        m.put("client_cpu_s", r.cpuNanos() / 1e9);
        m.put("client_cpu_per_request_us", r.cpuPerRequestMicros());
        m.put("failed", r.failed());
        return Json.write(m);
    }

    /** Count, mean and percentiles in microseconds, in this order. */
    static Map<String, Object> latency(Latency l) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("count", l.count());
        latency.put("mean", l.mean() / 1e3);
        latency.put("p50", l.p50() / 1e3);
        latency.put("p90", l.p90() / 1e3);
        latency.put("p99", l.p99() / 1e3);
        latency.put("p99_9", l.p999() / 1e3);
        latency.put("max", l.max() / 1e3);
        return latency;
    }

    static String latencyLine(String label, Latency l, String what) {
        return String.format("  %s  p50 %s   p90 %s   p99 %s   p99.9 %s   max %s   (%s)%n", label, time(l.p50()),
                time(l.p90()), time(l.p99()), time(l.p999()), time(l.max()), what);
    }

    private static String counts(Map<String, Long> m) {
        return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.format("%.0f", d) : String.format("%.1f", d);
    }

    private static String seconds(long nanos) {
        return String.format("%.2f s", nanos / 1e9);
    }

    /** Microseconds below 10 ms, else milliseconds. */
    static String time(long nanos) {
        return nanos < 10_000_000 ? String.format("%.0f µs", nanos / 1e3) : String.format("%.2f ms", nanos / 1e6);
    }
}
