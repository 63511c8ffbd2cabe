package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every option that {@code --help} lists is documented on the docs page a user of that command reads. */
class HelpMatchesDocsTest {

    /** The pages where each command's options are documented; TLS options are shared, so docs/tls.md serves all. */
    private static final Map<String, List<String>> PAGES = Map.of(
            "server", List.of("operating.md", "tls.md"),
            "client", List.of("tls.md"),
            "cert", List.of("tls.md"),
            "bench", List.of("benchmarking.md", "tls.md"),
            "report", List.of("benchmarking.md"),
            "testbed", List.of("testing-clients.md"),
            "help", List.of("operating.md"),
            "demo", List.of("operating.md", "tls.md", "benchmarking.md", "testing-clients.md"));

    @Test
    void everyOptionInHelpIsInTheDocs() throws IOException {
        List<String> missing = new ArrayList<>();
        check(Cli.commandLine(), missing);
        assertThat(missing).as("options that --help lists but docs/ does not document").isEmpty();
    }

    /**
     * An option whose {@code --help} shows its default ({@code ${DEFAULT-VALUE}}, read from the library's builder) is
     * documented with that default: a line of its page that names the option also gives the value, written as the
     * docs write it ({@code 5s} is found as "5 s", {@code 10000} as "10,000").
     */
    @Test
    void theDefaultHelpShowsIsBesideTheOptionInTheDocs() throws IOException {
        List<String> missing = new ArrayList<>();
        int checked = checkDefaults(Cli.commandLine(), missing);
        // Defaults are shown: a walk that finds none would pass whatever the docs say.
        assertThat(checked).as("options whose help shows a default").isGreaterThanOrEqualTo(10);
        assertThat(missing).as("options whose default, as --help shows it, is not beside them in docs/").isEmpty();
    }

    private static int checkDefaults(CommandLine cl, List<String> missing) throws IOException {
        int checked = 0;
        for (CommandLine sub : cl.getSubcommands().values()) {
            String name = sub.getCommandName();
            List<String> lines = new ArrayList<>();
            for (String page : PAGES.getOrDefault(name, List.of())) {
                lines.addAll(Files.readAllLines(Path.of("docs", page)));
            }
            for (OptionSpec option : sub.getCommandSpec().options()) {
                String shown = option.defaultValueString();
                String description = String.join(" ", option.description());
                boolean inHelp = description.contains("${DEFAULT-VALUE}") || description.contains("default: " + shown);
                if (option.hidden() || !inHelp || shown == null || shown.isBlank()) {
                    continue;
                }
                checked++;
                Pattern named = Pattern.compile(Pattern.quote(option.longestName()) + "(?![\\w-])");
                String value = normalized(shown);
                boolean beside = lines.stream().filter(l -> named.matcher(l).find())
                        .anyMatch(l -> Pattern.compile("(?<![\\w.])" + Pattern.quote(value) + "(?![\\w.])")
                                .matcher(normalized(l)).find());
                if (!beside) {
                    missing.add(sub.getCommandSpec().qualifiedName() + " " + option.longestName() + " (default "
                            + shown + ", in " + PAGES.get(name) + ")");
                }
            }
            checked += checkDefaults(sub, missing);
        }
        return checked;
    }

    /** Text as compared for defaults: without backticks, thousands separators and the space before a unit. */
    private static String normalized(String text) {
        return text.replace("`", "").replaceAll("(?<=\\d),(?=\\d{3})", "")
                .replaceAll("(?<=\\d) (?=(ms|s|m|h|d|KiB|MiB|B)\\b)", "");
    }

    @Test
    void everyCommandHasItsPage() {
        assertThat(Cli.commandLine().getSubcommands().keySet()).allSatisfy(name -> assertThat(PAGES).containsKey(name));
    }

    private static void check(CommandLine cl, List<String> missing) throws IOException {
        for (CommandLine sub : cl.getSubcommands().values()) {
            String name = sub.getCommandName();
            StringBuilder docs = new StringBuilder();
            for (String page : PAGES.getOrDefault(name, List.of())) {
                docs.append(Files.readString(Path.of("docs", page)));
            }
            for (OptionSpec option : sub.getCommandSpec().options()) {
                if (option.usageHelp() || option.versionHelp() || option.hidden()) {
                    continue;
                }
                String longest = option.longestName();
                // The name as a whole word: --cert is not documented by --cert-file.
                Pattern documented = Pattern.compile(Pattern.quote(longest) + "(?![\\w-])");
                if (!documented.matcher(docs).find()) {
                    missing.add(sub.getCommandSpec().qualifiedName() + " " + longest + " (in " + PAGES.get(name) + ")");
                }
            }
            check(sub, missing);
        }
    }
}
