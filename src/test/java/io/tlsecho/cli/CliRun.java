package io.tlsecho.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the tlsecho command line as {@code main} builds it, with its exit code and what it
 * printed through picocli's streams.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The lines printed on standard error. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
