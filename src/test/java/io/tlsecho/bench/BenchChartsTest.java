package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tlsecho.interop.PeerTools;
import io.tlsecho.interop.RunningProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench/plot.py} draws the README's chart and table from the results JSON already in
 * bench/results/ (matplotlib, nothing measured again), and the README shows exactly what it draws.
 */
@Timeout(180)
class BenchChartsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path RESULTS = ROOT.resolve("bench/results/latest.json");
    private static final List<String> FRONT_SERVERS = List.of("tlsecho", "Go crypto/tls", "asyncio seed");
    private static final List<String> FRONT_WORKLOADS = List.of("1k", "64k", "ec", "rsa", "idle");
    private static final Pattern SVG_TEXT = Pattern.compile("<text[^>]*>([^<]*)</text>");

    @TempDir
    static Path out;
    static String table;
    static List<Map<String, Object>> rows;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void plot() throws Exception {
        Path python = PeerTools.debianPythonWith("matplotlib");
        try (RunningProcess plot = RunningProcess.start(List.of(python.toString(), ROOT.resolve("bench/plot.py").toString(),
                RESULTS.toString(), "--out", out.toString(), "--stem", "t", "--table"), out, Map.of())) {
            assertThat(plot.awaitExit(Duration.ofSeconds(120))).as(plot::describe).isZero();
            table = plot.stdout();
        }
        rows = (List<Map<String, Object>>) JsonText.object(Files.readString(RESULTS)).get("rows");
    }

    @Test
    void theReadmeShowsTheTableAndChartPlotDraws() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(table).startsWith("| workload | server | ops/s |");
        assertThat(readme).contains(table).contains("(bench/results/latest-front.svg)");
        // The committed chart is the one the results give: the same texts (figures, labels, legend).
        assertThat(texts(ROOT.resolve("bench/results/latest-front.svg"))).isEqualTo(texts(out.resolve("t-front.svg")));
        assertThat(texts(ROOT.resolve("bench/results/latest-all.svg"))).isEqualTo(texts(out.resolve("t-all.svg")));
    }

    @Test
    void theTableGivesEachServersFiguresFromTheResults() {
        List<String> lines = table.lines().skip(2).toList();
        assertThat(lines).hasSize(FRONT_SERVERS.size() * FRONT_WORKLOADS.size());
        int i = 0;
        for (String key : FRONT_WORKLOADS) {
            for (String server : FRONT_SERVERS) {
                Map<String, Object> r = row(server, key);
                String[] cells = lines.get(i++).split("\\|");
                assertThat(cells[1].strip()).isEqualTo(r.get("workload"));
                assertThat(cells[2].strip()).isEqualTo(server);
                double rps = (Double) r.get("rps");
                double cpu = (Double) r.get("server_cpu_us_per_request");
                assertThat(figure(cells[3])).as("%s %s ops/s", server, key).isCloseTo(rps, within(rps * 0.005 + 0.5));
                assertThat(figure(cells[4])).as("%s %s CPU", server, key).isCloseTo(cpu, within(cpu * 0.005 + 0.5));
                assertThat(figure(cells[6])).as("%s %s RSS", server, key)
                        .isCloseTo((Double) r.get("server_rss_mb"), within(0.5));
                if (key.equals("idle")) {
                    assertThat(cells[5].strip()).isEqualTo("–");
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> cold = ((List<Map<String, Object>>) r.get("cold")).get(0);
                    double first = (Double) cold.get("cpu_us_per_request");
                    assertThat(figure(cells[5])).as("%s %s cold", server, key).isCloseTo(first, within(first * 0.005 + 0.5));
                }
            }
        }
    }

    @Test
    void theFrontChartHasALegendOfItsThreeServersAndEveryWorkload() throws Exception {
        Set<String> front = texts(out.resolve("t-front.svg"));
        assertThat(front).containsAll(FRONT_SERVERS).doesNotContain("asyncio seed + uvloop", "tlsecho (jdk, nio)");
        for (String key : FRONT_WORKLOADS) {
            String workload = (String) row("tlsecho", key).get("workload");
            // Long names are set on two lines, broken after their first comma.
            int comma = workload.indexOf(", ");
            List<String> lines = comma < 0 ? List.of(workload)
                    : List.of(workload.substring(0, comma + 1), workload.substring(comma + 2));
            assertThat(front).as(workload).containsAll(lines);
        }
        // Every server of the run is in the legend of the full chart: none drawn without a name, none named without bars.
        Set<String> servers = new TreeSet<>();
        rows.forEach(r -> servers.add((String) r.get("server")));
        assertThat(texts(out.resolve("t-all.svg"))).containsAll(servers);
    }

    private static Map<String, Object> row(String server, String key) {
        return rows.stream().filter(r -> r.get("server").equals(server) && r.get("key").equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + server + ", " + key + " in " + RESULTS));
    }

    /** A table cell's leading figure: "38,800" → 38800, "388 (9.4 KB/conn)" → 388. */
    private static double figure(String cell) {
        return Double.parseDouble(cell.strip().split(" ")[0].replace(",", ""));
    }

    /** The texts an SVG shows (matplotlib keeps them as text with svg.fonttype none). */
    private static Set<String> texts(Path svg) throws Exception {
        Set<String> texts = new TreeSet<>();
        Matcher m = SVG_TEXT.matcher(Files.readString(svg, StandardCharsets.UTF_8));
        while (m.find()) {
            texts.add(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").strip());
        }
        assertThat(texts).as("texts of " + svg).isNotEmpty();
        return texts;
    }
}
