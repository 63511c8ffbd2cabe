package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.cli.Cli;
import io.tlsecho.interop.RunningProcess;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Two bench processes against one server at once, their interval logs merged by {@code bench report}. */
@Timeout(180)
class BenchMergeTest {

    @TempDir
    Path dir;

    @Test
    void mergedReportAddsUpTwoRunsExactly() throws Exception {
        try (BenchServer fixture = BenchServer.start()) {
            Path ca = dir.resolve("ca.crt");
            Files.writeString(ca, fixture.held().certificatePem());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<RunningProcess> runs = new ArrayList<>();
            try {
                // Each stops after its own number of requests, however slow the machine: a count, not a time.
                for (String name : List.of("a", "b")) {
                    runs.add(RunningProcess.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                            "io.tlsecho.cli.Main", "bench", "--host", "127.0.0.1", "--port",
                            Integer.toString(fixture.server().port()), "--cafile", ca.toString(), "--connections", "2",
                            "--threads", "1", "--size", "128", "--requests", name.equals("a") ? "400" : "700",
                            // At most 200/s: each run lasts at least 2 s, so the two, started together, overlap.
                            "--rate", "200",
                            "--duration", "100s", "-q",
                            "--hdr-log", dir.resolve(name + ".hlog").toString(),
                            "--json", dir.resolve(name + ".json").toString()), dir, Map.of()));
                }
                for (RunningProcess p : runs) {
                    assertThat(p.awaitExit(Duration.ofSeconds(120))).as(p::describe).isZero();
                }
            } finally {
                runs.forEach(RunningProcess::close);
            }
            double a = JsonText.number(JsonText.object(Files.readString(dir.resolve("a.json"))), "requests");
            double b = JsonText.number(JsonText.object(Files.readString(dir.resolve("b.json"))), "requests");
            assertThat(a).isEqualTo(400);
            assertThat(b).isEqualTo(700);

            Path merged = dir.resolve("merged.json");
            CommandLine cl = Cli.commandLine();
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute("bench", "report", dir.resolve("a.hlog").toString(), dir.resolve("b.hlog").toString(),
                    "--json", merged.toString());
            assertThat(code).as(err.toString()).isZero();
            Map<String, Object> report = JsonText.object(Files.readString(merged));

            // The count is the sum of the runs' own counts.
            assertThat(JsonText.number(report, "requests")).isEqualTo(a + b);
            // The percentiles are those of one histogram of both logs, read with HdrHistogram's own reader.
            Histogram both = new Histogram(3);
            String host = null;
            for (String name : List.of("a", "b")) {
                HistogramLogReader reader = new HistogramLogReader(dir.resolve(name + ".hlog").toFile());
                EncodableHistogram h;
                while ((h = reader.nextIntervalHistogram()) != null) {
                    both.add((Histogram) h);
                    host = h.getTag();
                }
            }
            assertThat(both.getTotalCount()).isEqualTo((long) (a + b));
            Map<String, Object> latency = JsonText.object(report, "latency_us");
            assertThat(JsonText.number(latency, "count")).isEqualTo(both.getTotalCount());
            assertThat(JsonText.number(latency, "p50")).isEqualTo(both.getValueAtPercentile(50) / 1e3);
            assertThat(JsonText.number(latency, "p90")).isEqualTo(both.getValueAtPercentile(90) / 1e3);
            assertThat(JsonText.number(latency, "p99")).isEqualTo(both.getValueAtPercentile(99) / 1e3);
            assertThat(JsonText.number(latency, "p99_9")).isEqualTo(both.getValueAtPercentile(99.9) / 1e3);
            assertThat(JsonText.number(latency, "max")).isEqualTo(both.getMaxValue() / 1e3);
            // A row per log, with that run's count and its host.
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) (List<?>) report.get("sources");
            assertThat(rows).hasSize(2);
            assertThat(JsonText.number(rows.get(0), "requests")).isEqualTo(a);
            assertThat(JsonText.number(rows.get(1), "requests")).isEqualTo(b);
            assertThat(rows.get(0).get("hosts")).isEqualTo(List.of(host));
            System.out.println("bench report:\n" + out);
        }
    }
}
