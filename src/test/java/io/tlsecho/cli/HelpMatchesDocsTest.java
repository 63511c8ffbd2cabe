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

    /** Defaults that depend on the machine, which the docs give in words: option → the words. */
    private static final Map<String, String> IN_WORDS = Map.of("--threads", "one per core");

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
                List<Pattern> values = new ArrayList<>();
                if (IN_WORDS.containsKey(option.longestName())) {
                    values.add(Pattern.compile(Pattern.quote(IN_WORDS.get(option.longestName()))));
                } else {
                    for (String spelling : spellings(normalized(shown))) {
                        values.add(Pattern.compile("(?<![\\w.])" + Pattern.quote(spelling) + "(?![\\w.])"));
                    }
                }
                boolean beside = lines.stream().filter(l -> named.matcher(l).find())
                        .anyMatch(l -> values.stream().anyMatch(v -> v.matcher(normalized(l)).find()));
                if (!beside) {
                    missing.add(sub.getCommandSpec().qualifiedName() + " " + option.longestName() + " (default "
                            + shown + ", in " + PAGES.get(name) + ")");
                }
            }
            checked += checkDefaults(sub, missing);
        }
        return checked;
    }

    /**
     * The ways the docs may write a default: a duration in its larger units ({@code 1m} as {@code 60s}), a byte count
     * in KiB or MiB ({@code 1048576} as {@code 1MiB}), as normalized text.
     */
    private static List<String> spellings(String value) {
        List<String> all = new ArrayList<>(List.of(value));
        java.util.regex.Matcher duration = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value);
        if (duration.matches()) {
            long n = Long.parseLong(duration.group(1));
            long millis = n * switch (duration.group(2)) {
                case "ms" -> 1L;
                case "s" -> 1000L;
                case "m" -> 60_000L;
                default -> 3_600_000L;
            };
            all.add(millis + "ms");
            if (millis % 1000 == 0) {
                all.add(millis / 1000 + "s");
            }
            if (millis % 60_000 == 0) {
                all.add(millis / 60_000 + "min");
                all.add(millis / 60_000 + "m");
            }
        } else if (value.matches("\\d+") && Long.parseLong(value) >= 1024) {
            long bytes = Long.parseLong(value);
            for (String unit : List.of("KiB", "MiB", "GiB")) {
                bytes = bytes % 1024 == 0 ? bytes / 1024 : -1;
                if (bytes > 0) {
                    all.add(bytes + unit);
                }
            }
        }
        return all;
    }

    /** Text as compared for defaults: without backticks, thousands separators and the space before a unit. */
    private static String normalized(String text) {
        return text.replace("`", "").replaceAll("(?<=\\d),(?=\\d{3})", "")
                .replaceAll("(?<=\\d) (?=(ms|s|min|m|h|d|KiB|MiB|GiB|B)\\b)", "");
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
