package io.tlsecho.server.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP side's counts: requests answered by version and status code, and clients cut off by
 * kind ({@code slow_headers}, {@code rapid_reset}, ...); read by the metrics endpoint.
 */
public final class HttpStats {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> cutOffs = new ConcurrentHashMap<>();

    /** Counts one answered request; {@code version} is {@code http/1.0}, {@code http/1.1} or {@code h2}. */
    public void request(String version, int code) {
        requests.computeIfAbsent(version + " " + code, k -> new LongAdder()).increment();
    }

    /** Counts one client cut off for {@code kind}. */
    public void cutOff(String kind) {
        cutOffs.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Requests answered, keyed {@code "<version> <code>"}, sorted. */
    public Map<String, Long> requests() {
        return snapshot(requests);
    }

    /** Clients cut off, by kind, sorted. */
    public Map<String, Long> cutOffs() {
        return snapshot(cutOffs);
    }

    /** Requests answered with {@code version} and {@code code}. */
    public long requests(String version, int code) {
        LongAdder a = requests.get(version + " " + code);
        return a == null ? 0 : a.sum();
    }

    /** Clients cut off for {@code kind}. */
    public long cutOffs(String kind) {
        LongAdder a = cutOffs.get(kind);
        return a == null ? 0 : a.sum();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
