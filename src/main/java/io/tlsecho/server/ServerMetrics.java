package io.tlsecho.server;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.tlsecho.config.BuildInfo;

/**
 * A server's {@link ServerStats} and certificates as Prometheus metrics, read at each scrape.
 *
 * <p>Every label takes values from a bounded set (enums, TLS protocol names, configured
 * certificates); none takes a client's address.
 */
public final class ServerMetrics implements MultiCollector {

    private final EchoServer server;

    public ServerMetrics(EchoServer server) {
        this.server = server;
    }

    /** The tlsecho version, as {@code tlsecho --version} prints it. */
    static String version() {
        return BuildInfo.current().version();
    }

    @Override
    public MetricSnapshots collect() {
        ServerStats s = server.stats();
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        all.metricSnapshot(gauge("tlsecho_connections_open", "Connections open now.", s.open()));
        all.metricSnapshot(gauge("tlsecho_handshakes_in_flight", "TLS handshakes begun and not yet finished.",
                s.handshakesInFlight()));
        all.metricSnapshot(gauge("tlsecho_accept_paused",
                "1 while the server does not accept because --max-handshakes are in flight (new connections "
                        + "wait in the kernel's accept queue), else 0.", s.acceptPaused() ? 1 : 0));
        all.metricSnapshot(counter("tlsecho_accept_pauses", "Times the server stopped accepting at --max-handshakes.",
                s.acceptPauses()));
        all.metricSnapshot(counter("tlsecho_connections_accepted", "Connections accepted.", s.accepted()));

        CounterSnapshot.Builder rejected = CounterSnapshot.builder().name("tlsecho_connections_rejected")
                .help("Connections refused, by reason.");
        for (RejectReason r : RejectReason.values()) {
            rejected.dataPoint(point(s.rejected(r), "reason", r.label()));
        }
        all.metricSnapshot(rejected.build());

        CounterSnapshot.Builder closed = CounterSnapshot.builder().name("tlsecho_connections_closed")
                .help("Accepted connections that ended, by reason.");
        for (CloseReason r : CloseReason.values()) {
            if (r != CloseReason.REJECTED) {
                closed.dataPoint(point(s.closed(r), "reason", r.metricLabel()));
            }
        }
        all.metricSnapshot(closed.build());

        CounterSnapshot.Builder handshakes = CounterSnapshot.builder().name("tlsecho_handshakes")
                .help("TLS handshakes, by result, protocol and resumption.");
        for (String protocol : ServerStats.PROTOCOLS) {
            for (boolean resumed : new boolean[] {false, true}) {
                handshakes.dataPoint(CounterDataPointSnapshot.builder().value(s.handshakes(protocol, resumed))
                        .labels(Labels.of("result", "ok", "protocol", protocol, "resumed", String.valueOf(resumed)))
                        .build());
            }
        }
        handshakes.dataPoint(CounterDataPointSnapshot.builder().value(s.handshakeFailures())
                .labels(Labels.of("result", "failed", "protocol", "none", "resumed", "false")).build());
        all.metricSnapshot(handshakes.build());

        CounterSnapshot.Builder failures = CounterSnapshot.builder().name("tlsecho_handshake_failures")
                .help("Failed TLS handshakes, by reason.");
        for (HandshakeFailure r : HandshakeFailure.values()) {
            failures.dataPoint(point(s.handshakeFailures(r), "reason", r.label()));
        }
        all.metricSnapshot(failures.build());

        all.metricSnapshot(histogram(s.handshakeDurations()));
        all.metricSnapshot(counter("tlsecho_messages_completed", "Conversations ended by a NUL.", s.completed()));
        all.metricSnapshot(counter("tlsecho_bytes_received", "Payload bytes received (after TLS).", s.bytesReceived()));
        all.metricSnapshot(counter("tlsecho_bytes_echoed", "Payload bytes echoed.", s.bytesEchoed()));
        CounterSnapshot.Builder http = CounterSnapshot.builder().name("tlsecho_http_requests")
                .help("HTTP requests answered, by version (http/1.0, http/1.1, h2) and status code.");
        s.http().requests().forEach((key, n) -> {
            String[] versionCode = key.split(" ", 2);
            http.dataPoint(CounterDataPointSnapshot.builder().value(n)
                    .labels(Labels.of("version", versionCode[0], "code", versionCode[1])).build());
        });
        all.metricSnapshot(http.build());
        CounterSnapshot.Builder cut = CounterSnapshot.builder().name("tlsecho_http_clients_cut")
                .help("HTTP clients cut off, by kind (slow_headers, rapid_reset, streams_refused, ...).");
        s.http().cutOffs().forEach((kind, n) -> cut.dataPoint(point(n, "kind", kind)));
        all.metricSnapshot(cut.build());

        GaugeSnapshot.Builder expiry = GaugeSnapshot.builder().name("tlsecho_certificate_expiry_timestamp_seconds")
                .help("When each certificate served expires (notAfter, Unix time), by SNI name and subject.");
        for (ServedCertificate c : server.certificates()) {
            expiry.dataPoint(GaugeDataPointSnapshot.builder().value(c.notAfter().getEpochSecond())
                    .labels(Labels.of("sni", c.sni(), "subject", c.subject())).build());
        }
        all.metricSnapshot(expiry.build());

        all.metricSnapshot(CounterSnapshot.builder().name("tlsecho_certificate_reloads")
                .help("Certificate reloads, by result.")
                .dataPoint(point(s.reloads(true), "result", "ok"))
                .dataPoint(point(s.reloads(false), "result", "failed"))
                .build());

        EchoServerConfig config = server.config();
        all.metricSnapshot(InfoSnapshot.builder().name("tlsecho_build").help("The tlsecho build and how it runs.")
                .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of(
                        "version", version(),
                        "provider", config.tlsConfig().map(t -> t.options().provider().toString()).orElse("none"),
                        "transport", config.listening().transport().toString())).build())
                .build());
        all.metricSnapshot(gauge("tlsecho_uptime_seconds", "Time since the server started.",
                server.uptime().toNanos() / 1e9));
        all.metricSnapshot(gauge("tlsecho_ready", "1 while ready for new connections (as /readyz), else 0.",
                server.isReady() ? 1 : 0));
        return all.build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterDataPointSnapshot point(long value, String label, String labelValue) {
        return CounterDataPointSnapshot.builder().value(value).labels(Labels.of(label, labelValue)).build();
    }

    private static HistogramSnapshot histogram(DurationHistogram h) {
        double[] bounds = new double[DurationHistogram.BOUNDS_SECONDS.length + 1];
        long[] counts = new long[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = i < DurationHistogram.BOUNDS_SECONDS.length
                    ? DurationHistogram.BOUNDS_SECONDS[i] : Double.POSITIVE_INFINITY;
            counts[i] = h.bucket(i);
        }
        return HistogramSnapshot.builder().name("tlsecho_handshake_duration_seconds")
                .help("Time from accepting a connection to the end of its TLS handshake, completed handshakes only.")
                .dataPoint(HistogramDataPointSnapshot.builder()
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                        .sum(h.sumSeconds()).build())
                .build();
    }
}
