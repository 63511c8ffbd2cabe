package io.tlsecho.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.interop.PeerTools;
import io.tlsecho.interop.RunningProcess;
import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.AdminTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsecho server} with the default pair: deleting the files while it runs is a failed reload (the old
 * certificate stays, the log says why, nothing is made); new files are picked up; SIGHUP reloads at once.
 */
@Timeout(120)
class ServerReloadCliTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> DEFAULT_HUP = List.of("env", "--default-signal=HUP");

    @Test
    void vanishedDefaultPairKeepsTheOldCertificateAndSighupReloads(@TempDir Path dir) throws Exception {
        Path crt = dir.resolve("tlsecho.crt");
        Path key = dir.resolve("tlsecho.key");
        try (RunningProcess server = server(dir, DEFAULT_HUP)) {
            int port = portOf(server);
            assertThat(server.stderr()).contains("main: generated " + crt.toRealPath());
            assertThat(server.stderr()).doesNotContain("SIGHUP is ignored");
            X509Certificate made = HeldCertificate.load(crt, key, null).certificate();

            Files.delete(crt);
            Files.delete(key);
            String failed = "certificate reload failed, keeping the old ones: certificate file tlsecho.crt: no such file";
            waitForCount(server, failed, 1);
            // A reload asked for while they are absent fails the same way and makes nothing either.
            hangUp(server);
            waitForCount(server, failed, 2);
            assertThat(crt).doesNotExist();
            assertThat(key).doesNotExist();
            assertThat(fingerprintSeenBy(port, made)).isEqualTo(CertificateInfo.sha256Fingerprint(made));

            HeldCertificate next = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
            next.writeTo(crt, key, false);
            waitForCount(server, "reloaded certificates: new connections get the new ones", 1);
            assertThat(fingerprintSeenBy(port, next.certificate()))
                    .isEqualTo(CertificateInfo.sha256Fingerprint(next.certificate()));

            hangUp(server);
            waitForCount(server, "reloaded certificates: new connections get the new ones", 2);

            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
        }
    }

    @Test
    void aServerStartedWithSighupIgnoredSaysSoInOneLine(@TempDir Path dir) throws Exception {
        try (RunningProcess server = server(dir, List.of("nohup"))) {
            portOf(server);
            waitForCount(server, "main: SIGHUP is ignored (started under nohup?): the certificates reload only "
                    + "when their files change (--reload-interval)", 1);
            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
            assertThat(count(server.stderr(), "SIGHUP")).isEqualTo(1);
        }
    }

    @Test
    void sighupDuringTheDrainIsDroppedWithoutATrace(@TempDir Path dir) throws Exception {
        try (RunningProcess server = server(dir, DEFAULT_HUP, "--drain-timeout", "60s")) {
            int port = portOf(server);
            HeldCertificate served = HeldCertificate.load(dir.resolve("tlsecho.crt"), dir.resolve("tlsecho.key"), null);
            try (SSLSocket open = (SSLSocket) AdminTestSupport.trusting(served).getSocketFactory()
                    .createSocket("127.0.0.1", port)) {
                // A conversation that says nothing after its handshake keeps the drain going until it closes; the
                // server has it once it logs it accepted (a socket still in the accept queue is reset, not drained).
                open.startHandshake();
                waitForCount(server, "connection accepted", 1);
                server.terminate();
                waitForCount(server, "main: closing server", 1);
                hangUp(server);
                waitForCount(server, "main: reload not done: the server is closing", 1);
            }
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
            assertThat(server.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    /**
     * Runs {@code tlsecho server} in {@code dir} under {@code wrapper} (a tool that then runs java: env resets SIGHUP,
     * nohup ignores it), so that the child's SIGHUP does not depend on how this test's JVM was started.
     */
    private static RunningProcess server(Path dir, List<String> wrapper, String... options) {
        List<String> command = new ArrayList<>();
        command.add(PeerTools.require(wrapper.get(0)).toString());
        command.addAll(wrapper.subList(1, wrapper.size()));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main", "server",
                "--host", "127.0.0.1", "--port", "0", "--reload-interval", "200ms"));
        command.addAll(List.of(options));
        return RunningProcess.start(command, dir, Map.of());
    }

    private static int portOf(RunningProcess server) {
        return Integer.parseInt(server.waitForLine(
                Pattern.compile("^main: starting up on \\S+ port (\\d+)$"), WAIT).group(1));
    }

    private static void hangUp(RunningProcess server) throws Exception {
        Process hup = new ProcessBuilder(PeerTools.require("kill").toString(), "-HUP",
                String.valueOf(server.process().pid())).start();
        try {
            assertThat(hup.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hup.exitValue()).isZero();
        } finally {
            hup.destroyForcibly();
        }
    }

    private static void waitForCount(RunningProcess server, String message, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(server.stderr(), message) < count) {
            assertThat(System.nanoTime() < deadline && server.process().isAlive())
                    .as("%d × '%s' in %s", count, message, server.describe()).isTrue();
            Thread.sleep(50);
        }
    }

    private static int count(String text, String message) {
        return (int) text.lines().filter(l -> l.contains(message)).count();
    }

    private static String fingerprintSeenBy(int port, X509Certificate trusted) throws Exception {
        try (EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(port)
                .trust(List.of(trusted), "test").verifyHostname(false).build())) {
            EchoResult r = client.exchange(List.of("x".getBytes(UTF_8)));
            assertThat(r.matches()).isTrue();
            return CertificateInfo.of(r.session().peerChain().get(0)).sha256Fingerprint();
        }
    }
}
