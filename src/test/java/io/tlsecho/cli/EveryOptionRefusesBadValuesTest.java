package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Walks every numeric and duration option of every command: a negative value is refused before anything runs,
 * exit 2, in one line that names the option the user typed.
 */
@Timeout(120)
class EveryOptionRefusesBadValuesTest {

    private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, Duration.class);

    @Test
    void aNegativeValueIsAUsageErrorNamingTheOption() {
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        walk(Cli.commandLine(), List.of(), checked, wrong);
        // The walk found the options: an empty walk would pass.
        assertThat(checked).contains("server --handshake-timeout", "client --timeout", "bench --rate",
                "bench --requests", "server --max-connections");
        assertThat(wrong).isEmpty();
    }

    private static void walk(CommandLine cl, List<String> path, List<String> checked, List<String> wrong) {
        for (OptionSpec option : cl.getCommandSpec().options()) {
            if (!NUMERIC.contains(option.type()) || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            List<String> args = new ArrayList<>(path);
            args.add(name + "=-7");
            CliRun run = CliRun.of(args.toArray(String[]::new));
            String label = String.join(" ", path) + " " + name;
            checked.add(label);
            String firstLine = run.err().lines().findFirst().orElse("");
            if (run.exitCode() != ExitCode.USAGE || !firstLine.contains(name)) {
                wrong.add(label + ": exit " + run.exitCode() + ", " + firstLine);
            }
        }
        for (var sub : cl.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue;
            }
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            walk(sub.getValue(), next, checked, wrong);
        }
    }
}
