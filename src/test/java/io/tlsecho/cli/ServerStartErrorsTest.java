package io.tlsecho.cli;

import static io.tlsecho.cli.CliRun.server;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.PeerTools;
import io.tlsecho.pki.HeldCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each way {@code tlsecho server} can fail to start: one line, naming the cause, with its own exit code. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerStartErrorsTest {

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
    void portInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = server("--cert", crt.toString(), "--key", key.toString(),
                    "--port", String.valueOf(taken.getLocalPort()));
            assertOneLine(run, ExitCode.LISTEN, "address already in use");
        }
    }

    @Test
    void privilegedPortWithoutTheCapability() throws Exception {
        // Root here: drop the capability to bind below 1024 for the child, as an unprivileged user lacks it.
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(PeerTools.require("setpriv").toString(), "--bounding-set=-net_bind_service", "--inh-caps=-net_bind_service",
                java, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main", "server",
                "--host", "127.0.0.1", "--port", "1023", "--cert", crt.toString(), "--key", key.toString(), "-q")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err;
        try {
            err = new String(p.getErrorStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(err).isTrue();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(p.exitValue()).as(err).isEqualTo(ExitCode.LISTEN);
        assertThat(err.lines().toList()).hasSize(1);
        assertThat(err).startsWith("tlsecho: ").contains("permission denied");
    }

    @Test
    void missingKeyFile() {
        assertOneLine(server("--cert", crt.toString(), "--key", dir.resolve("nope.key").toString()),
                ExitCode.FILE, "nope.key");
    }

    @Test
    void keyThatDoesNotMatchTheCertificate() throws Exception {
        Path otherKey = dir.resolve("other.key");
        HeldCertificate.builder().build().writeTo(dir.resolve("other.crt"), otherKey, true);
        assertOneLine(server("--cert", crt.toString(), "--key", otherKey.toString()), ExitCode.KEY, "does not match");
    }

    @Test
    void encryptedKeyWithTheWrongPassword() throws Exception {
        Path enc = dir.resolve("enc.key");
        run(PeerTools.require("openssl").toString(), "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(), "-out", enc.toString(),
                "-passout", "pass:right");
        assertOneLine(server("--cert", crt.toString(), "--key", enc.toString(), "--key-password", "wrong"),
                ExitCode.KEY, "password");
        assertOneLine(server("--cert", crt.toString(), "--key", enc.toString()), ExitCode.KEY, "--key-password");
    }

    @Test
    void anEncryptedSniKeyIsOpenedByKeyPasswordAndItsErrorNamesAnOptionThatExists() throws Exception {
        Path enc = dir.resolve("sni-enc.key");
        run(PeerTools.require("openssl").toString(), "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-in", key.toString(),
                "-out", enc.toString(), "-passout", "pass:other");
        CliRun r = server("--cert", crt.toString(), "--key", key.toString(), "--key-password", "right",
                "--sni", "other.test=" + crt + "," + enc);
        // --key-password reached the --sni key (a wrong one, here), and the hint names options server has
        assertOneLine(r, ExitCode.KEY, "wrong password for key " + enc);
        assertThat(r.err()).contains("--key-password opens the --sni keys too");
    }

    @Test
    void aPasswordProtectedClientCaKeystoreAsksForClientCaPassword() throws Exception {
        Path p12 = dir.resolve("client-ca.p12");
        run(PeerTools.require("openssl").toString(), "pkcs12", "-export", "-nokeys", "-in", crt.toString(), "-out",
                p12.toString(), "-passout", "pass:secret");
        CliRun r = server("--cert", crt.toString(), "--key", key.toString(), "--client-auth", "require",
                "--client-ca", p12.toString(), "--client-ca-password", "wrong");
        assertOneLine(r, ExitCode.KEY, "--client-ca-password");
    }

    @Test
    void keystoreWithoutAKey() throws Exception {
        Path p12 = dir.resolve("nokey.p12");
        run(PeerTools.require("openssl").toString(), "pkcs12", "-export", "-nokeys", "-in", crt.toString(), "-out", p12.toString(),
                "-passout", "pass:pw");
        assertOneLine(server("--keystore", p12.toString(), "--keystore-password", "pw"), ExitCode.KEY, "no private key");
    }

    @Test
    void expiredCertificateIsRefusedWithItsDates() throws Exception {
        Path old = dir.resolve("old.crt");
        Path oldKey = dir.resolve("old.key");
        HeldCertificate.builder().notBefore(Instant.now().minus(Duration.ofDays(10))).days(1).build()
                .writeTo(old, oldKey, true);
        CliRun run = server("--cert", old.toString(), "--key", oldKey.toString());
        assertOneLine(run, ExitCode.OWN_CERT_DATES, "expired on");
        assertThat(run.err()).contains("--allow-expired");
    }

    @Test
    void badDuration() {
        CliRun run = server("--idle-timeout", "soon");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("'soon' is not a duration");
    }

    private static void assertOneLine(CliRun run, int code, String fragment) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(code);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("tlsecho: ").contains(fragment);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(out).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

}
