package io.tlsecho.dist;

import io.tlsecho.cli.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the man pages (AsciiDoc, one per command, for asciidoctor to turn into roff) and the bash completion script
 * from the picocli model that {@code tlsecho} runs, so they cannot drift from {@code --help}: the dist build runs
 * {@link #main} and {@code ManPagesTest} and {@code CompletionTest} check what it writes.
 */
public final class DistDocs {

    private DistDocs() {
    }

    /** {@code DistDocs DIR}: writes {@code DIR/man/*.adoc} and {@code DIR/completion/tlsecho}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistDocs OUTPUT_DIR");
        }
        Path out = Path.of(args[0]);
        writeManPages(out.resolve("man"));
        writeCompletion(out.resolve("completion").resolve("tlsecho"));
    }

    /** Writes {@code tlsecho.adoc} and {@code tlsecho-SUBCOMMAND.adoc} for each subcommand into {@code dir}. */
    public static void writeManPages(Path dir) throws IOException {
        Files.createDirectories(dir);
        CommandLine cl = Cli.commandLine();
        int code = ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[0], true, cl.getCommandSpec());
        if (code != 0) {
            throw new IllegalStateException("ManPageGenerator exited " + code);
        }
    }

    /** Writes the bash completion script for {@code tlsecho} to {@code file}. */
    public static void writeCompletion(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, AutoComplete.bash("tlsecho", Cli.commandLine()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
