package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServerConfig;
import io.tlsecho.server.ProxyProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The server's limit options reach its configuration, in every duration form. */
class ServerLimitOptionsTest {

    @TempDir
    Path dir;

    @Test
    void limitsAreParsed() throws Exception {
        EchoServerConfig config = config("--handshake-timeout", "500ms", "--idle-timeout", "2",
                "--max-connections", "7", "--drain-timeout", "1m");
        assertThat(config.limits().handshakeTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.limits().maxConnections()).isEqualTo(7);
        assertThat(config.limits().drainTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void defaultsAreTheLibrarys() throws Exception {
        EchoServerConfig config = config();
        assertThat(config.limits().handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.limits().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.limits().maxConnections()).isEqualTo(10_000);
        assertThat(config.limits().drainTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aZeroLimitIsAUsageError() throws Exception {
        ServerCommand server = parse("--max-connections", "0");
        org.assertj.core.api.Assertions.assertThatThrownBy(server::config)
                .isInstanceOf(UserException.class)
                .hasMessage("--max-connections: 0 (expected: >= 1)");
    }

    @Test
    void handshakeBoundBacklogAndProxyProtocolAreParsed() throws Exception {
        EchoServerConfig config = config("--max-handshakes", "3", "--backlog", "50", "--proxy-protocol", "v2");
        assertThat(config.limits().maxHandshakes()).isEqualTo(3);
        assertThat(config.listening().backlog()).isEqualTo(50);
        assertThat(config.listening().proxyProtocol()).isEqualTo(ProxyProtocol.V2);
        assertThat(config("--max-handshakes", "off").limits().maxHandshakes()).isEqualTo(Integer.MAX_VALUE);

        EchoServerConfig defaults = config();
        assertThat(defaults.limits().maxHandshakes()).isEqualTo(8 * Runtime.getRuntime().availableProcessors());
        assertThat(defaults.listening().backlog()).isEqualTo(Integer.parseInt(
                Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim()));
        assertThat(defaults.listening().proxyProtocol()).isEqualTo(ProxyProtocol.OFF);
    }

    @Test
    void aHandshakeBoundThatIsNotANumberIsAUsageError() throws Exception {
        ServerCommand server = parse("--max-handshakes", "many");
        org.assertj.core.api.Assertions.assertThatThrownBy(server::config)
                .isInstanceOf(UserException.class)
                .hasMessage("--max-handshakes: many (expected: a number > 0, or off)");
    }

    private EchoServerConfig config(String... limits) throws Exception {
        return parse(limits).config();
    }

    private ServerCommand parse(String... limits) throws Exception {
        HeldCertificate held = HeldCertificate.builder().addSubjectAlternativeName("localhost").build();
        Path crt = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        held.writeTo(crt, key, true);
        String[] args = new String[limits.length + 5];
        args[0] = "server";
        args[1] = "--cert";
        args[2] = crt.toString();
        args[3] = "--key";
        args[4] = key.toString();
        System.arraycopy(limits, 0, args, 5, limits.length);
        CommandLine.ParseResult parsed = Cli.commandLine().parseArgs(args);
        return (ServerCommand) parsed.subcommand().commandSpec().userObject();
    }
}
