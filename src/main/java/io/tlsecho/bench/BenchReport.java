package io.tlsecho.bench;

import io.tlsecho.config.BuildInfo;
import io.tlsecho.config.Settings;
import io.tlsecho.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        sb.append(String.format("mode %s, %s, %s%s%s%n", r.mode(), plural(r.connections(), "connection"),
                handshake ? "" : String.format("%,d-byte messages, ", r.size()),
                idle ? "held " + seconds(r.duration().toNanos()) : "measured " + seconds(r.measured().toNanos()),
                r.stoppedEarly() == null ? "" : " (stopped early: " + r.stoppedEarly() + ")"));
        if (r.openModel()) {
            sb.append(String.format("  rate         target %s/s, achieved %,.1f/s%s%n", number(r.targetRps()), r.rps(),
                    r.rateReached() ? "" : " (target not reached)"));
        }
        if (idle) {
            sb.append(String.format("  established  %,d of %,d (%,d failed) in %s (%,.0f connections/s)%n",
                    r.requests(), r.connections(), r.failedConnections(), seconds(r.measured().toNanos()), r.rps()));
        } else if (handshake) {
            sb.append(String.format("  handshakes   %,d (%,.1f/s): %s%n", r.requests(), r.rps(), resumption(r)));
        } else {
            sb.append(String.format("  requests     %,d (%,.1f/s)%n", r.requests(), r.rps()));
            sb.append(String.format("  throughput   %,.2f MB/s of payload echoed (10^6 bytes, counted once; each direction carries this)%n",
                    r.mbps()));
        }
        String what = idle ? "connect to first echo" : handshake ? "connect to handshake done"
                : r.mode() == BenchMode.SESSION ? "whole session" : "round trip";
        sb.append(latencyLine("latency    ", r.latency(), what + (r.openModel() ? ", from when due" : "")));
        if (r.uncorrected() != null) {
            sb.append(latencyLine("uncorrected", r.uncorrected(), what + ", from when sent"));
        }
        if (!handshake) {
            sb.append(String.format("  handshakes   %s%n", resumption(r)));
        }
        Negotiated n = r.negotiated();
        sb.append(String.format("  negotiated   %s; %s; %s%n", counts(n.protocols()), counts(n.ciphers()),
                counts(n.groups())));
        sb.append(String.format("  client cpu   %.2f s (%,.1f µs per %s)%n", r.cpuNanos() / 1e9, r.cpuPerRequestMicros(),
                idle ? "connection" : handshake ? "handshake" : "request"));
        if (r.errorCount() == 0) {
            sb.append("  errors       none\n");
        } else {
            sb.append(String.format("  errors       %,d (%s); the first of each:%n", r.errorCount(), counts(r.errors())));
            r.firstErrors().forEach((kind, message) -> sb.append(String.format("    %-10s %s%n", kind, message)));
        }
        sb.append(String.format("  mismatches   %,d%s%n", r.mismatches(),
                r.firstMismatch() == null ? "" : "; the first: " + r.firstMismatch()));
        return sb.toString();
    }

    /** The figures as one JSON object, led by when, where and what was run; latencies in microseconds. */
    public static String json(BenchResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tlsecho", BuildInfo.current().version());
        m.put("started", r.started().toString());
        m.put("target", target(r.config()));
        m.put("options", options(r.config()));
        m.put("mode", r.mode().toString());
        m.put("connections", r.connections());
        m.put("size", r.size());
        m.put("duration_s", r.duration().toNanos() / 1e9);
        m.put("measured_s", r.measured().toNanos() / 1e9);
        if (r.stoppedEarly() != null) {
            m.put("stopped_early", r.stoppedEarly());
        }
        if (r.openModel()) {
            m.put("target_rps", r.targetRps());
            m.put("rate_reached", r.rateReached());
        }
        m.put("requests", r.requests());
        m.put("rps", r.rps());
        m.put("mbps", r.mbps());
        m.put("mbps_note", "payload bytes echoed per second / 10^6, counted once");
        m.put("errors", r.errorCount());
        m.put("errors_by_class", r.errors());
        m.put("first_errors", r.firstErrors());
        m.put("mismatches", r.mismatches());
        if (r.firstMismatch() != null) {
            m.put("first_mismatch", r.firstMismatch());
        }
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

    /** Where the load went: host, port, and the name sent and verified. */
    private static Map<String, Object> target(BenchConfig c) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("host", c.target().host());
        t.put("port", c.target().port());
        t.put("server_name", c.plaintext() ? "none" : c.target().verifiedName());
        return t;
    }

    /** Every setting of the run, asked for or default, as the builder holds it. */
    private static Map<String, Object> options(BenchConfig c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("mode", c.mode().toString());
        o.put("connections", c.connections());
        o.put("size", c.size());
        o.put("duration", Settings.duration(c.duration()));
        o.put("warmup", Settings.duration(c.warmup()));
        o.put("requests", c.requests());
        o.put("rate", c.rate());
        o.put("resume", c.resume());
        o.put("threads", c.threads());
        o.put("plain", c.plaintext());
        o.put("transport", c.target().transport().toString());
        if (!c.plaintext()) {
            o.put("provider", c.target().tls().provider().toString());
            o.put("protocols", List.copyOf(c.target().tls().protocols()));
        }
        return o;
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

    /** The percentiles in one unit, chosen by the largest (µs below 10 ms, else ms); "none" when nothing completed. */
    static String latencyLine(String label, Latency l, String what) {
        if (l.count() == 0) {
            return String.format("  %s  none: no request completed   (%s)%n", label, what);
        }
        boolean micros = l.max() < 10_000_000;
        return String.format("  %s  p50 %s   p90 %s   p99 %s   p99.9 %s   max %s   (%s)%n", label,
                time(l.p50(), micros), time(l.p90(), micros), time(l.p99(), micros), time(l.p999(), micros),
                time(l.max(), micros), what);
    }

    private static String resumption(BenchResult r) {
        return String.format("%,d full, %,d resumed (%.1f%% resumed)%s", r.full(), r.resumed(),
                100 * r.resumedFraction(), r.neverResumed() ? " — the server never resumed a session" : "");
    }

    private static String plural(long n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String counts(Map<String, Long> m) {
        return m.isEmpty() ? "none" : m.entrySet().stream().map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String number(double d) {
        return d == Math.rint(d) ? String.format("%,.0f", d) : String.format("%,.1f", d);
    }

    private static String seconds(long nanos) {
        return String.format("%,.2f s", nanos / 1e9);
    }

    /** Microseconds below 10 ms, else milliseconds. */
    static String time(long nanos) {
        return time(nanos, nanos < 10_000_000);
    }

    /** In microseconds, or in milliseconds. */
    static String time(long nanos, boolean micros) {
        return micros ? String.format("%,.0f µs", nanos / 1e3) : String.format("%,.2f ms", nanos / 1e6);
    }
}
