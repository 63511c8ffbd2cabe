package io.tlsecho.cli;

import picocli.CommandLine.Command;

/**
 * The top command: a TLS echo server, client, certificate tool and load generator. Its
 * subcommands are registered by {@link Cli}, which builds only the one a command line names.
 */
@Command(name = "tlsecho", mixinStandardHelpOptions = true, versionProvider = VersionInfo.Provider.class,
        description = "TLS echo server, client, certificate tool and load generator.",
        footer = {"", "Run 'tlsecho demo' to see the seed's conversation end to end."})
public final class TlsEchoCommand {
}
