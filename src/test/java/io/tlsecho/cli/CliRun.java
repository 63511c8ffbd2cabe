package io.tlsecho.cli;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.testing.Nulls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * One run of the tlsecho command line as {@code main} builds it, with its exit code and what it
 * printed through picocli's streams.
 */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        Nulls.refuse("tlsecho arguments", args);
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code tlsecho server --host 127.0.0.1 -q} with {@code args}, and {@code --port 0} unless they name a port. */
    static CliRun server(String... args) {
        List<String> all = new ArrayList<>(List.of("server", "--host", "127.0.0.1", "-q"));
        all.addAll(List.of(Nulls.refuse("server arguments", args)));
        if (!all.contains("--port")) {
            all.addAll(List.of("--port", "0"));
        }
        return of(all.toArray(String[]::new));
    }

    /** Writes a fresh certificate for 127.0.0.1 to {@code crt} and its key, unencrypted, to {@code key}. */
    static void writeLoopbackCertificate(Path crt, Path key) throws Exception {
        HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build().writeTo(crt, key, false);
    }

    /** The lines printed on standard error. */
    List<String> errLines() {
        return err.lines().toList();
    }
}
