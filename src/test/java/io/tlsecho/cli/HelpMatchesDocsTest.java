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
