package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --keylog-file} and {@code SSLKEYLOGFILE} on the command line: which file, what is said, exit code 22. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyLogTest {

    @TempDir
    Path dir;
    Path crt;
    Path key;
    HeldCertificate cert;

    @BeforeEach
    void certificate() throws Exception {
        crt = dir.resolve("s.crt");
        key = dir.resolve("s.key");
        cert = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
        cert.writeTo(crt, key, false);
    }

    @Test
    void theClientWritesTheFileTheEnvironmentNamesOwnerOnly() throws Exception {
        Path fromEnv = dir.resolve("env.keys");
        try (EchoServer server = server()) {
            Child client = client(server.port(), Map.of("SSLKEYLOGFILE", fromEnv.toString()));
            assertThat(client.exit).as(client.err).isZero();
            assertThat(client.err).doesNotContain("key");
        }
        assertThat(Files.readAllLines(fromEnv)).hasSize(5).allMatch(l -> l.matches("[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]+"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fromEnv))).isEqualTo("rw-------");
    }

    @Test
    void theOptionWinsOverTheEnvironment() throws Exception {
        Path fromEnv = dir.resolve("env.keys");
        Path fromOption = dir.resolve("option.keys");
        try (EchoServer server = server()) {
            Child client = client(server.port(), Map.of("SSLKEYLOGFILE", fromEnv.toString()),
                    "--keylog-file", fromOption.toString());
            assertThat(client.exit).as(client.err).isZero();
        }
        assertThat(Files.readAllLines(fromOption)).hasSize(5);
        assertThat(Files.exists(fromEnv)).isFalse();
    }

    @Test
    void theJdkEngineSaysOnceThatItCannotLogKeysAndWorksOn() throws Exception {
        Path fromEnv = dir.resolve("env.keys");
        try (EchoServer server = server()) {
            Child client = client(server.port(), Map.of("SSLKEYLOGFILE", fromEnv.toString()), "--provider", "jdk");
            assertThat(client.exit).as(client.err).isZero();
            assertThat(client.err.lines().filter(l -> l.contains("key"))).containsExactly(
                    "main: the jdk TLS engine cannot log keys: nothing is written to the key log " + fromEnv);
        }
        assertThat(Files.exists(fromEnv)).isFalse();
    }

    @Test
    void anUnwritableKeyLogIsExitCode22ForEachCommand() {
        Path bad = dir.resolve("no-such-dir").resolve("keys.log");
        String expected = "tlsecho: cannot write the key log " + bad + ": its directory does not exist";
        List<CliRun> runs = List.of(
                CliRun.of("server", "--host", "127.0.0.1", "--port", "0", "--cert", crt.toString(), "--key", key.toString(),
                        "--keylog-file", bad.toString(), "-q"),
                CliRun.of("client", "--host", "127.0.0.1", "--port", "1", "--cafile", crt.toString(),
                        "--keylog-file", bad.toString(), "-q"),
                CliRun.of("bench", "--host", "127.0.0.1", "--port", "1", "--cafile", crt.toString(), "-d", "1s",
                        "--keylog-file", bad.toString(), "-q"));
        for (CliRun run : runs) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.KEY_LOG);
            assertThat(run.errLines()).containsExactly(expected);
        }
    }

    @Test
    void helpNamesTheOptionAndTheVariable() {
        for (String command : List.of("server", "client", "bench")) {
            CliRun help = CliRun.of(command, "--help");
            assertThat(help.out()).contains("--keylog-file=FILE").contains("$SSLKEYLOGFILE");
        }
    }

    private EchoServer server() throws Exception {
        return EchoServer.start(EchoServer.builder(cert)
                .host("127.0.0.1").port(0).build());
    }

    private record Child(int exit, String err) {
    }

    /** {@code tlsecho client} in a JVM of its own, with {@code env} added to its environment. */
    private Child client(int port, Map<String, String> env, String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.tlsecho.cli.Main", "client", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--cafile", crt.toString()));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("SSLKEYLOGFILE");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            String err = new String(p.getErrorStream().readAllBytes());
            return new Child(p.waitFor(), err);
        } finally {
            p.destroyForcibly();
        }
    }
}
