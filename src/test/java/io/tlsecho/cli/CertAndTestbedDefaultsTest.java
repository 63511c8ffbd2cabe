package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.testbed.TestbedConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cert} and {@code testbed} take their defaults from the library's builders, and --help shows them. */
class CertAndTestbedDefaultsTest {

    private static CommandSpec spec(String name) {
        return Cli.commandLine().getSubcommands().get(name).getCommandSpec();
    }

    @Test
    void certDefaultsAreTheBuildersAndHelpShowsThem() {
        CommandSpec cert = spec("cert");
        assertThat(cert.defaultValueProvider()).isInstanceOf(CertCommand.Defaults.class);
        HeldCertificate.Builder b = HeldCertificate.builder();
        assertThat(cert.findOption("--key-type").defaultValue()).isNull();
        CertCommand.Defaults d = new CertCommand.Defaults();
        assertThat(d.defaultValue(cert.findOption("--key-type"))).isEqualTo(b.keyType().toString()).isEqualTo("ec-p256");
        assertThat(d.defaultValue(cert.findOption("--days"))).isEqualTo(String.valueOf(b.days())).isEqualTo("365");
        assertThat(d.defaultValue(cert.findOption("--out"))).isEqualTo("tlsecho");
        assertThat(CliRun.of("cert", "--help").out().replaceAll("\\s+", " "))
                .contains("(default: ec-p256)").contains("(default: 365)")
                .contains("(default: tlsecho)");
    }

    @Test
    void testbedDefaultsAreTheConfigBuildersAndDirHasNone() {
        CommandSpec testbed = spec("testbed");
        TestbedConfig config = TestbedConfig.builder(Path.of("x")).build();
        TestbedCommand.Defaults d = new TestbedCommand.Defaults();
        assertThat(testbed.findOption("--host").defaultValue()).isNull();
        assertThat(d.defaultValue(testbed.findOption("--host"))).isEqualTo(config.host());
        assertThat(d.defaultValue(testbed.findOption("--port-base"))).isEqualTo(String.valueOf(config.portBase()));
        assertThat(d.defaultValue(testbed.findOption("--dir"))).isNull();
        assertThat(CliRun.of("testbed", "--help").out().replaceAll("\\s+", " "))
                .contains("(default: 127.0.0.1)").contains("(default: 10443)");
    }
}
