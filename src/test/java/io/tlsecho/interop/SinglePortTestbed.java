package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.bench.JsonText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code tlsecho testbed --port-base 0 --single-port 0 --json --dir DIR/tb} as a child process, its manifest
 * written to {@code DIR/tb.json} as a CI job would have it.
 */
final class SinglePortTestbed implements AutoCloseable {

    final RunningProcess process;
    /** Every entry of the manifest, in its order. */
    final List<Map<String, Object>> manifest = new ArrayList<>();

    @SuppressWarnings("unchecked")
    SinglePortTestbed(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = RunningProcess.start(cmd(java, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main",
                "testbed", "--port-base", 0, "--single-port", 0, "--json", "--dir", dir.resolve("tb")), dir, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!process.stdout().contains("]")) {
            assertThat(process.process().isAlive()).as(process::describe).isTrue();
            assertThat(System.nanoTime()).as(process::describe).isLessThan(deadline);
            Thread.sleep(100);
        }
        Files.writeString(dir.resolve("tb.json"), process.stdout());
        for (Object entry : (List<Object>) JsonText.parse(process.stdout().trim())) {
            manifest.add((Map<String, Object>) entry);
        }
    }

    /** The entry named {@code name}. */
    Map<String, Object> entry(String name) {
        return manifest.stream().filter(e -> name.equals(e.get("name"))).findFirst().orElseThrow();
    }

    /** The port of the entry named {@code name}. */
    int port(String name) {
        return ((Number) entry(name).get("port")).intValue();
    }

    /** The scenarios: the entries with an {@code expect}. */
    List<Map<String, Object>> scenarios() {
        return manifest.stream().filter(e -> e.containsKey("expect")).toList();
    }

    /** Stops the test bed (SIGTERM): it must exit 0. */
    @Override
    public void close() {
        try {
            process.terminate();
            assertThat(process.awaitExit(WAIT)).as(process::describe).isZero();
        } finally {
            process.close();
        }
    }
}
