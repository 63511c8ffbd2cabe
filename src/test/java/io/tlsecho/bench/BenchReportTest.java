package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.tls.Failures;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's wording, on figures made up for it: no run needed. */
class BenchReportTest {

    private static BenchResult result(int connections, long requests, Latency latency, Map<String, Long> errors,
                                      Map<String, String> firstErrors) {
        BenchConfig config = BenchConfig.builder(EchoClientConfig.builder().host("127.0.0.1").port(4433).build())
                .connections(connections).size(16_384).threads(1).build();
        return new BenchResult(config, Instant.parse("2026-12-06T20:00:00Z"), Duration.ofSeconds(10), requests,
                errors, firstErrors, 0, null, latency, null, 2, connections,
                new Negotiated(Map.of("TLSv1.3", 3L), Map.of(), Map.of()), 2_000_000_000L, 0, null);
    }

    @Test
    void oneConnectionThousandsSeparatorsAndOneUnitPerLine() {
        Latency mixed = new Latency(1_234_567, 3e6, 55_000, 169_000, 2_564_000, 9_519_000, 699_400_000);
        String text = BenchReport.text(result(1, 1_234_567, mixed, Map.of(), Map.of()));
        assertThat(text).startsWith("mode pingpong, 1 connection, 16,384-byte messages, measured 10.00 s\n");
        assertThat(text).contains("  requests     1,234,567 (123,456.7/s)\n");
        String latency = text.lines().filter(l -> l.startsWith("  latency")).findFirst().orElseThrow();
        // max is 699 ms: every figure of the line in ms, none in µs.
        assertThat(latency).isEqualTo(
                "  latency      p50 0.06 ms   p90 0.17 ms   p99 2.56 ms   p99.9 9.52 ms   max 699.40 ms   (round trip)");
        Latency fast = new Latency(10, 50e3, 40_000, 50_000, 60_000, 70_000, 9_000_000);
        String fastLine = BenchReport.text(result(2, 10, fast, Map.of(), Map.of())).lines()
                .filter(l -> l.startsWith("  latency")).findFirst().orElseThrow();
        assertThat(fastLine).contains("p50 40 µs").contains("max 9,000 µs").doesNotContain("ms ");
        assertThat(BenchReport.text(result(2, 10, fast, Map.of(), Map.of()))).contains(", 2 connections, ");
    }

    @Test
    void errorsKeepTheKindsOrderAndTheFirstOfEachIsPrintedWhole() {
        // In the kinds' order, whatever order a map would hash them in.
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<String, String> first = new LinkedHashMap<>();
        List<Failures.Kind> kinds = List.of(Failures.Kind.CONNECT, Failures.Kind.TIMEOUT, Failures.Kind.UNTRUSTED,
                Failures.Kind.HOSTNAME, Failures.Kind.NOT_TLS, Failures.Kind.CLOSED, Failures.Kind.IO);
        assertThat(kinds).isSorted();
        for (Failures.Kind k : kinds) {
            String name = k.name().toLowerCase();
            errors.put(name, 1_000L + errors.size());
            first.put(name, "what " + name + " was, in full");
        }
        BenchResult r = result(4, 0, new Latency(0, 0, 0, 0, 0, 0, 0), errors, first);
        assertThat(r.errors().keySet()).containsExactlyElementsOf(errors.keySet());
        assertThat(r.firstErrors().keySet()).containsExactlyElementsOf(errors.keySet());
        String text = BenchReport.text(r);
        assertThat(text).contains("  errors       7,021 (connect 1,000, timeout 1,001, untrusted 1,002, hostname 1,003, "
                + "not_tls 1,004, closed 1,005, io 1,006); the first of each:\n");
        assertThat(text).containsPattern(Pattern.compile("(?s)    connect    what connect was, in full\n"
                + "    timeout    what timeout was, in full\n.*    io         what io was, in full\n"));
        assertThat(text).contains("  latency      none: no request completed   (round trip)");
        String json = BenchReport.json(r);
        assertThat(json).contains("\"errors_by_class\":{\"connect\":1000,\"timeout\":1001,\"untrusted\":1002,"
                + "\"hostname\":1003,\"not_tls\":1004,\"closed\":1005,\"io\":1006}");
    }
}
