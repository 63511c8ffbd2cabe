package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every subcommand's -V prints what {@code tlsecho -V} prints, as its help promises; {@code tlsecho help} helps. */
class SubcommandVersionAndHelpTest {

    @ParameterizedTest
    @ValueSource(strings = {"server", "client", "bench", "cert", "demo", "testbed"})
    void dashVOnASubcommandPrintsTheVersion(String command) {
        CliRun top = CliRun.of("-V");
        assertThat(top.out()).startsWith("tlsecho ");
        CliRun run = CliRun.of(command, "-V");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(top.out());
        assertThat(CliRun.of("bench", "report", "--version").out()).isEqualTo(top.out());
    }

    @Test
    void helpListsTheCommandsAndHelpsWithOne() {
        CliRun all = CliRun.of("help");
        assertThat(all.exitCode()).as(all::toString).isZero();
        assertThat(all.out()).contains("Usage: tlsecho").contains("server").contains("testbed");
        CliRun one = CliRun.of("help", "cert");
        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).isEqualTo(CliRun.of("cert", "--help").out());
    }
}
