package io.tlsecho.cli;

import java.io.PrintStream;

/** The {@code tlsecho} command's entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (printedVersion(args, System.out)) {
            System.exit(ExitCode.OK);
        }
        System.exit(Cli.commandLine(args).execute(args));
    }

    /**
     * {@code tlsecho --version} (or {@code -V}) alone prints {@link VersionInfo}'s lines without building picocli's
     * model of every subcommand first, which took most of its start-up time; picocli prints the same lines for
     * {@code -V} anywhere else on the command line.
     */
    static boolean printedVersion(String[] args, PrintStream out) {
        if (args.length != 1 || !(args[0].equals("--version") || args[0].equals("-V"))) {
            return false;
        }
        for (String line : VersionInfo.lines()) {
            out.println(line);
        }
        out.flush();
        return true;
    }
}
