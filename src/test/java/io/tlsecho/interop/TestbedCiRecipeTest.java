package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI recipe of docs/testing-clients.md ("Every scenario in one loop"), run as written there with bash against a
 * test bed: curl on every scenario, on its own port and over the single port, each result as {@code expect} says
 * but for curl's known differences; and the same recipe fails when a result differs.
 */
class TestbedCiRecipeTest {

    private static final Path DOC = Path.of("docs/testing-clients.md");
    private static final Duration RECIPE_TIME = Duration.ofSeconds(180);

    @Test
    @Timeout(400)
    void theDocumentedLoopPassesEveryScenarioAndFailsAWrongExpectation(@TempDir Path dir) throws Exception {
        Path recipe = Files.writeString(dir.resolve("recipe.sh"), recipe());
        // the tools it uses, found (or failing the test) before it runs
        String path = PeerTools.require("jq").getParent() + ":" + PeerTools.require("curl").getParent() + ":"
                + PeerTools.require("bash").getParent() + ":" + System.getenv("PATH");
        try (SinglePortTestbed testbed = new SinglePortTestbed(dir)) {
            RunningProcess run = run(recipe, dir, path);
            assertThat(run.process().exitValue()).as(run::describe).isZero();
            long scenarios = testbed.scenarios().stream().filter(s -> !s.containsKey("requires")).count();
            String out = run.stdout();
            // every scenario on its port, and all but hang-after-accept over the single port
            assertThat(out.lines()).as(out).hasSize((int) (2 * scenarios - 1))
                    .allMatch(l -> l.startsWith("ok     ") || l.startsWith("known  "));
            assertThat(out).contains("ok     expired (port " + testbed.port("expired") + "): reject\n",
                    "ok     expired (single port, expired.localhost): reject\n",
                    "ok     good (single port, good.localhost): accept\n",
                    "ok     hang-after-hello (single port, hang-after-hello.localhost): timeout\n",
                    "known  no-close-notify (port " + testbed.port("no-close-notify") + "): accept, expected truncation\n",
                    "known  no-san (single port, no-san.localhost): accept, expected reject\n");
            assertThat(out.lines().filter(l -> l.startsWith("known"))).hasSize(6);

            // a manifest that expects curl to accept an expired certificate: the loop says so and fails
            String manifest = Files.readString(dir.resolve("tb.json"));
            Files.writeString(dir.resolve("tb.json"), manifest.replace(
                    "\"name\":\"expired\",\"port\":" + testbed.port("expired") + ",\"expect\":\"reject\"",
                    "\"name\":\"expired\",\"port\":" + testbed.port("expired") + ",\"expect\":\"accept\""));
            RunningProcess wrong = run(recipe, dir, path);
            assertThat(wrong.process().exitValue()).as(wrong::describe).isEqualTo(1);
            assertThat(wrong.stdout()).contains("FAIL   expired (port " + testbed.port("expired")
                    + "): reject, expected accept\n", "FAIL   expired (single port, expired.localhost): reject, "
                    + "expected accept\n");
        }
    }

    private static RunningProcess run(Path recipe, Path dir, String path) {
        RunningProcess p = RunningProcess.start(cmd("bash", recipe), dir, Map.of("PATH", path));
        try {
            p.awaitExit(RECIPE_TIME);
            return p;
        } finally {
            p.close();
        }
    }

    /** The first bash block under the heading "Every scenario in one loop". */
    static String recipe() throws Exception {
        String doc = Files.readString(DOC);
        int section = doc.indexOf("### Every scenario in one loop");
        assertThat(section).as("the recipe's heading in " + DOC).isNotNegative();
        Matcher m = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find(section)).as("a ```bash block after the heading in " + DOC).isTrue();
        return m.group(1);
    }
}
