package io.tlsecho.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Builds the {@link CommandLine} for {@code main} and for tests alike, with one-line errors. */
public final class Cli {

    private Cli() {
    }

    /** The subcommands, in the order help lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("server", ServerCommand::new);
        SUBCOMMANDS.put("client", ClientCommand::new);
        SUBCOMMANDS.put("cert", CertCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("demo", DemoCommand::new);
        SUBCOMMANDS.put("testbed", TestbedCommand::new);
    }

    /** The tlsecho command line with every subcommand, printing to the process's standard streams. */
    public static CommandLine commandLine() {
        return build(SUBCOMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: when they start with a subcommand's name, only that
     * subcommand is built. Building picocli's model of all of them is most of a one-shot
     * command's start-up time; the behaviour is the same.
     */
    public static CommandLine commandLine(String[] args) {
        if (args.length > 0 && SUBCOMMANDS.containsKey(args[0])) {
            return build(Set.of(args[0]));
        }
        return commandLine();
    }

    private static CommandLine build(Set<String> names) {
        CommandLine cl = new CommandLine(new TlsEchoCommand());
        for (Map.Entry<String, Supplier<Object>> e : SUBCOMMANDS.entrySet()) {
            if (names.contains(e.getKey())) {
                Object command = e.getValue().get();
                cl.addSubcommand(e.getKey(), command);
                if (command instanceof ServerCommand) {
                    ServerCommand.HELP_SECTIONS.applyTo(cl.getSubcommands().get(e.getKey()));
                }
            }
        }
        // 'tlsecho help [COMMAND]', as git and picocli's examples have it.
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        // -V on any subcommand prints what 'tlsecho -V' prints.
        versionEverywhere(cl);
        cl.setExecutionExceptionHandler(new OneLineErrors());
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        return cl;
    }

    private static void versionEverywhere(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().versionProvider() == null) {
                sub.getCommandSpec().versionProvider(new VersionInfo.Provider());
            }
            versionEverywhere(sub);
        }
    }

    /** Prints a {@link UserException} (or any other failure) as one line on standard error. */
    private static final class OneLineErrors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
            PrintWriter err = cl.getErr();
            boolean debug = parsed.hasMatchedOption("--debug")
                    || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            if (e instanceof UserException user) {
                err.println("tlsecho: " + user.getMessage());
                if (debug && user.getCause() != null) {
                    user.getCause().printStackTrace(err);
                }
                err.flush();
                return user.exitCode();
            }
            err.println("tlsecho: internal error: " + e + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.INTERNAL;
        }
    }

    /** Prints a usage error as one line with a hint, not the whole help. */
    private static final class UsageErrors implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cl = e.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println("tlsecho: " + e.getMessage());
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return ExitCode.USAGE;
        }
    }
}
