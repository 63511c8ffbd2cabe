package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code server --admin} and {@code --log-format}: bad values and a taken admin port are one-line start errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdminOptionsTest {

    @TempDir
    static Path dir;
    static Path crt;
    static Path key;

    @BeforeAll
    static void certificate() throws Exception {
        crt = dir.resolve("s.crt");
        key = dir.resolve("s.key");
        CliRun.writeLoopbackCertificate(crt, key);
    }

    @Test
    void adminPortInUseIsAListenError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = server("--admin", "127.0.0.1:" + taken.getLocalPort());
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.LISTEN);
            assertThat(run.errLines()).containsExactly("tlsecho: --admin: cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use (is another server running?)");
        }
    }

    @Test
    void adminWithoutAPortIsAUsageError() {
        CliRun run = server("--admin", "127.0.0.1");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("'127.0.0.1' has no port (expected HOST:PORT, e.g. 127.0.0.1:9100)");
    }

    @Test
    void adminWithABadPortIsAUsageError() {
        CliRun run = server("--admin", "127.0.0.1:99999");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("port 99999 (expected: 0-65535)");
    }

    @Test
    void adminAddressesAsWritten() {
        HostPortConverter c = new HostPortConverter();
        assertThat(c.convert("127.0.0.1:9100")).satisfies(a -> {
            assertThat(a.getHostString()).isEqualTo("127.0.0.1");
            assertThat(a.getPort()).isEqualTo(9100);
        });
        assertThat(c.convert("[::1]:0")).satisfies(a -> {
            assertThat(a.getHostString()).isEqualTo("::1");
            assertThat(a.getPort()).isZero();
        });
        assertThat(c.convert(":9100").getHostString()).isEqualTo("0.0.0.0");
        CliRun run = server("--admin", "::1:9100");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("write an IPv6 address in brackets, e.g. [::1]:9100");
    }

    @Test
    void unknownLogFormatIsAUsageError() {
        CliRun run = server("--log-format", "xml");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--log-format").contains("xml");
    }

    private static CliRun server(String... args) {
        List<String> all = new ArrayList<>(List.of("--cert", crt.toString(), "--key", key.toString()));
        all.addAll(List.of(args));
        return CliRun.server(all.toArray(String[]::new));
    }
}
