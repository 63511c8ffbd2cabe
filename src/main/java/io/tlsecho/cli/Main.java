package io.tlsecho.cli;

/** The {@code tlsecho} command's entry point. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.commandLine(args).execute(args));
    }
}
