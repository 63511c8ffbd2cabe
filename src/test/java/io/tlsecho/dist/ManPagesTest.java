package io.tlsecho.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.cli.Cli;
import io.tlsecho.interop.PeerTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The man pages the dist build makes (DistDocs, then Debian's asciidoctor to roff, as src/dist/build.sh runs it):
 * one per command, and each names every option and subcommand of its command, so they cannot drift from --help.
 */
class ManPagesTest {

    @Test
    @Timeout(120)
    void everyCommandHasAManPageNamingEachOfItsOptions(@TempDir Path dir) throws Exception {
        DistDocs.writeManPages(dir.resolve("adoc"));
        List<Path> adoc;
        try (var files = Files.list(dir.resolve("adoc"))) {
            adoc = files.sorted().toList();
        }
        List<String> command = new ArrayList<>(List.of(PeerTools.require("asciidoctor").toString(),
                "-b", "manpage", "--failure-level", "WARN", "-D", dir.resolve("man1").toString()));
        adoc.forEach(f -> command.add(f.toString()));
        run(command);

        List<CommandLine> commands = new ArrayList<>();
        collect(Cli.commandLine(), commands);
        assertThat(commands).hasSizeGreaterThan(6);
        for (CommandLine cl : commands) {
            String page = cl.getCommandSpec().qualifiedName("-");
            Path roff = dir.resolve("man1").resolve(page + ".1");
            assertThat(roff).as("man page of %s", page).isRegularFile();
            String text = plain(Files.readString(roff, StandardCharsets.UTF_8));
            assertThat(text).as(page).contains(".TH \"" + page.toUpperCase(java.util.Locale.ROOT) + "\" \"1\"");
            for (OptionSpec option : cl.getCommandSpec().options()) {
                for (String name : option.names()) {
                    assertThat(text).as("%s in %s.1", name, page).containsPattern("(?<![-\\w])" + name + "(?![-\\w])");
                }
            }
            for (String sub : cl.getSubcommands().keySet()) {
                assertThat(text).as("subcommand %s in %s.1", sub, page).contains(sub);
            }
        }
    }

    private static void collect(CommandLine cl, List<CommandLine> into) {
        into.add(cl);
        cl.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    /** Roff with its escapes for hyphens and fonts taken out, as a reader sees the words. */
    private static String plain(String roff) {
        return roff.replace("\\-", "-").replaceAll("\\\\f[BIRP]", "");
    }

    static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            boolean done = p.waitFor(90, TimeUnit.SECONDS);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(done).as("%s finished", command.get(0)).isTrue();
            assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
