package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class BuilderDefaultsTest {

    /** Stands for a library record built with its builder's defaults. */
    public record Sample(Duration handshakeTimeout, int maxConnections, Mode mode, Optional<String> keyLogFile) {
    }

    public enum Mode { PING_PONG, IDLE }

    static final class SampleDefaults extends BuilderDefaults {
        SampleDefaults() {
            super(Map.of("--renamed", 7), new Sample(Duration.ofMillis(1500), 10_000, Mode.PING_PONG, Optional.empty()));
        }
    }

    @Command(name = "sample", defaultValueProvider = SampleDefaults.class)
    static final class SampleCommand implements Callable<Integer> {
        @Option(names = "--handshake-timeout", description = "Time allowed (default: ${DEFAULT-VALUE}).")
        Duration handshakeTimeout;

        @Option(names = {"-m", "--max-connections"}, description = "At once (default: ${DEFAULT-VALUE}).")
        int maxConnections;

        @Option(names = "--mode", description = "Mode (default: ${DEFAULT-VALUE}).")
        Mode mode;

        @Option(names = "--key-log-file", description = "File (default: ${DEFAULT-VALUE}).")
        String keyLogFile;

        @Option(names = "--renamed", description = "Named apart from its setting (default: ${DEFAULT-VALUE}).")
        int renamed;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SampleCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(Duration.class, new DurationConverter());
        return cl;
    }

    @Test
    void optionsAbsentTakeTheLibrarysDefaults() {
        CommandLine cl = commandLine();
        cl.parseArgs();
        SampleCommand c = cl.getCommand();
        assertThat(c.handshakeTimeout).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.maxConnections).isEqualTo(10_000);
        assertThat(c.mode).isEqualTo(Mode.PING_PONG);
        assertThat(c.keyLogFile).isNull();
        assertThat(c.renamed).isEqualTo(7);
    }

    @Test
    void helpShowsTheLibrarysDefaultsAsTheOptionsTakeThem() {
        CommandLine cl = commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.usage(new PrintWriter(out));
        assertThat(out.toString())
                .contains("Time allowed (default: 1500ms).")
                .contains("At once (default: 10000).")
                .contains("Mode (default: ping_pong).")
                .contains("Named apart from its setting (default: 7).");
    }

    @Test
    void typedValuesWin() {
        CommandLine cl = commandLine();
        cl.parseArgs("--handshake-timeout", "2s", "-m", "5");
        SampleCommand c = cl.getCommand();
        assertThat(c.handshakeTimeout).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.maxConnections).isEqualTo(5);
    }

    @Test
    void accessorNamesFollowTheOptionsLongName() {
        assertThat(BuilderDefaults.accessorName("--handshake-timeout")).isEqualTo("handshakeTimeout");
        assertThat(BuilderDefaults.accessorName("--port")).isEqualTo("port");
        assertThat(BuilderDefaults.accessorName("-p")).isEqualTo("p");
    }
}
