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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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

    @Test
    void vanishedDefaultPairKeepsTheOldCertificateAndSighupReloads(@TempDir Path dir) throws Exception {
        Path crt = dir.resolve("tlsecho.crt");
        Path key = dir.resolve("tlsecho.key");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (RunningProcess server = RunningProcess.start(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.tlsecho.cli.Main", "server", "--host", "127.0.0.1", "--port", "0", "--reload-interval", "200ms"),
                dir, Map.of())) {
            int port = Integer.parseInt(server.waitForLine(
                    Pattern.compile("^main: starting up on \\S+ port (\\d+)$"), WAIT).group(1));
            assertThat(server.stderr()).contains("main: generated " + crt.toRealPath());
            X509Certificate made = HeldCertificate.load(crt, key, null).certificate();

            Files.delete(crt);
            Files.delete(key);
            waitForCount(server, "certificate reload failed, keeping the old ones: certificate file tlsecho.crt: "
                    + "no such file", 1);
            Thread.sleep(600); // a few more polls: still nothing made
            assertThat(crt).doesNotExist();
            assertThat(key).doesNotExist();
            assertThat(fingerprintSeenBy(port, made)).isEqualTo(CertificateInfo.sha256Fingerprint(made));

            HeldCertificate next = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
            next.writeTo(crt, key, false);
            waitForCount(server, "reloaded certificates: new connections get the new ones", 1);
            assertThat(fingerprintSeenBy(port, next.certificate()))
                    .isEqualTo(CertificateInfo.sha256Fingerprint(next.certificate()));

            Process hup = new ProcessBuilder(PeerTools.require("kill").toString(), "-HUP", String.valueOf(server.process().pid())).start();
            assertThat(hup.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(hup.exitValue()).isZero();
            waitForCount(server, "reloaded certificates: new connections get the new ones", 2);

            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
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
            return r.session().peerChain().get(0).sha256Fingerprint();
        }
    }
}
