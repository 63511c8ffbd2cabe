package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's HTTPS table says what {@code bench/compare.sh --https} measured: every row's requests/s, CPU per
 * request, JIT share and warm-up figure are those of {@code bench/results/https-latest.json}, and every measured
 * row of tlsecho and Go is shown.
 */
class HttpsResultsReadmeTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    @SuppressWarnings("unchecked")
    void theReadmesHttpsTableIsTheLastRunsFigures() throws Exception {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) JsonText.object(
                Files.readString(ROOT.resolve("bench/results/https-latest.json"))).get("rows");
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> lines = readme.lines().filter(l -> l.startsWith("| h2 `") || l.startsWith("| HTTP/1.1 `"))
                .toList();
        long measured = rows.stream().filter(r -> !r.get("server").equals("tlsecho-ab")).count();
        assertThat(lines).hasSize((int) measured);
        for (String line : lines) {
            String[] cells = line.split("\\|");
            String workload = cells[1].strip().replace("`", "").replace("HTTP/1.1", "http/1.1");
            String server = cells[2].strip().equals("Go net/http") ? "go" : cells[2].strip();
            Map<String, Object> r = rows.stream().filter(x -> x.get("workload").equals(workload)
                    && x.get("server").equals(server)).findFirst()
                    .orElseThrow(() -> new AssertionError("no result for " + workload + " " + server));
            close(cells[3], (Double) r.get("rps"), line);
            close(cells[4], (Double) r.get("cpu_us_per_request"), line);
            if (server.equals("tlsecho")) {
                close(cells[5], (Double) r.get("jit_us_per_request"), line);
            }
            close(cells[6], (Double) r.get("warmup_cpu_us_per_request"), line);
        }
    }

    private static void close(String cell, double value, String line) {
        double shown = Double.parseDouble(cell.strip().replace(",", ""));
        assertThat(shown).as(line).isCloseTo(value, within(value * 0.005 + 0.5));
    }
}
