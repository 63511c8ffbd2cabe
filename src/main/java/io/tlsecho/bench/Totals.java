package io.tlsecho.bench;

import io.tlsecho.tls.Failures;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The figures of every event loop, merged once the loops are done. */
final class Totals {

    final Histogram latency = new Histogram(3);
    final Histogram uncorrected = new Histogram(3);
    final long[] errors = new long[Failures.Kind.values().length];
    private final Failures.Failure[] firstErrors = new Failures.Failure[Failures.Kind.values().length];
    private final long[] firstErrorNanos = new long[Failures.Kind.values().length];
    final Map<String, Long> protocols = new TreeMap<>();
    final Map<String, Long> ciphers = new TreeMap<>();
    final Map<String, Long> groups = new TreeMap<>();
    long requests;
    long mismatches;
    long resumed;
    long full;
    String firstMismatch;
    private long firstMismatchNanos;

    synchronized void add(Histogram h, Histogram u, long requests, long[] errors, long mismatches, long resumed,
                          long full, Map<String, Long> protocols, Map<String, Long> ciphers, Map<String, Long> groups) {
        latency.add(h);
        uncorrected.add(u);
        this.requests += requests;
        for (int i = 0; i < errors.length; i++) {
            this.errors[i] += errors[i];
        }
        this.mismatches += mismatches;
        this.resumed += resumed;
        this.full += full;
        protocols.forEach((k, v) -> this.protocols.merge(k, v, Long::sum));
        ciphers.forEach((k, v) -> this.ciphers.merge(k, v, Long::sum));
        groups.forEach((k, v) -> this.groups.merge(k, v, Long::sum));
    }

    /** Keeps, of each kind, the failure that came first over every loop, and the first mismatch. */
    synchronized void firsts(Failures.Failure[] failures, long[] atNanos, String mismatch, long mismatchNanos) {
        for (int i = 0; i < failures.length; i++) {
            if (failures[i] != null && (firstErrors[i] == null || atNanos[i] - firstErrorNanos[i] < 0)) {
                firstErrors[i] = failures[i];
                firstErrorNanos[i] = atNanos[i];
            }
        }
        if (mismatch != null && (firstMismatch == null || mismatchNanos - firstMismatchNanos < 0)) {
            firstMismatch = mismatch;
            firstMismatchNanos = mismatchNanos;
        }
    }

    /** The first failure of each kind that happened, worded as {@code client} words it, in the kinds' order. */
    synchronized Map<String, String> firstErrors() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Failures.Kind k : Failures.Kind.values()) {
            if (firstErrors[k.ordinal()] != null) {
                m.put(k.name().toLowerCase(Locale.ROOT), firstErrors[k.ordinal()].message());
            }
        }
        return m;
    }

    /** Errors by kind, leaving out the kinds that did not happen, in the kinds' order. */
    synchronized Map<String, Long> errorsByKind() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Failures.Kind k : Failures.Kind.values()) {
            if (errors[k.ordinal()] > 0) {
                m.put(k.name().toLowerCase(Locale.ROOT), errors[k.ordinal()]);
            }
        }
        return m;
    }

    /** What the handshakes negotiated. */
    synchronized Negotiated negotiated() {
        return new Negotiated(protocols, ciphers, groups);
    }
}
