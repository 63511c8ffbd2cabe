package io.tlsecho.bench;

import io.tlsecho.tls.Failures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The figures of every event loop, merged once the loops are done. */
final class Totals {

    final Histogram latency = new Histogram(3);
    final long[] errors = new long[Failures.Kind.values().length];
    long requests;
    long mismatches;
    long resumed;
    long full;

    synchronized void add(Histogram h, long requests, long[] errors, long mismatches, long resumed, long full) {
        latency.add(h);
        this.requests += requests;
        for (int i = 0; i < errors.length; i++) {
            this.errors[i] += errors[i];
        }
        this.mismatches += mismatches;
        this.resumed += resumed;
        this.full += full;
    }

    /** Errors by kind, leaving out the kinds that did not happen. */
    synchronized Map<String, Long> errorsByKind() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Failures.Kind k : Failures.Kind.values()) {
            if (errors[k.ordinal()] > 0) {
                m.put(k.name().toLowerCase(java.util.Locale.ROOT), errors[k.ordinal()]);
            }
        }
        return m;
    }
}
