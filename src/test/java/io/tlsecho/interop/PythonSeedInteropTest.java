package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.TrustMaterial;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The seed's own Python programs (PyMOTW asyncio SSL echo) against tlsecho, both ways: with the
 * seed's openssl-made certificate (RSA-2048, CN=pymotw.com, no SAN: no hostname check, as in the
 * seed) and with a {@code tlsecho cert} certificate (EC P-256, SANs: full verification).
 */
@Timeout(90)
class PythonSeedInteropTest {

    private static final Pattern STARTED = Pattern.compile("^main: starting up on \\S+ port (\\d+)$");
    private static final String SEED_ECHO = "This is the message. It will be sent in parts.";

    @TempDir
    Path dir;

    // (a) the seed's Python client against the Java server

    @Test
    void seedClientWithSeedCertificateAgainstJavaServer() throws Exception {
        Interop.seedCert(dir);
        HeldCertificate pair = HeldCertificate.load(dir.resolve("pymotw.crt"), dir.resolve("pymotw.key"), null);
        try (EchoServer server = Interop.server(pair, b -> b)) {
            RunningProcess client = seedClient("127.0.0.1", server.port(), "pymotw.crt", false);
            assertThat(client.stdout()).as(client::describe).isEqualTo(SEED_ECHO);
            assertThat(client.stderr()).contains("echo_client: sending b'It will be sent '");

            RunningProcess parts = seedClient("127.0.0.1", server.port(), "pymotw.crt", false, "caf\u00e9 ", "na\u00efve");
            assertThat(parts.stdoutBytes()).isEqualTo("caf\u00e9 na\u00efve".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void serverTellsTheSeedClientsConversationInTheSeedsOrder() throws Exception {
        Interop.seedCert(dir);
        HeldCertificate pair = HeldCertificate.load(dir.resolve("pymotw.crt"), dir.resolve("pymotw.key"), null);
        Logger echo = (Logger) LoggerFactory.getLogger("echo");
        Level level = echo.getLevel();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        echo.addAppender(lines);
        echo.setLevel(Level.DEBUG);
        try (EchoServer server = Interop.server(pair, b -> b)) {
            RunningProcess client = seedClient("127.0.0.1", server.port(), "pymotw.crt", false);
            assertThat(client.stdout()).as(client::describe).isEqualTo(SEED_ECHO);
        } finally {
            echo.detachAppender(lines);
            echo.setLevel(level);
        }
        // The seed's story of a connection: accepted, then each read's received and sent, then the end.
        List<String> story = lines.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> !m.startsWith("client hello") && !m.startsWith("session ")
                        && !m.startsWith("connection closed")).toList();
        assertThat(story).first().isEqualTo("connection accepted");
        assertThat(story).last().isEqualTo("message terminated, closing connection");
        List<String> middle = story.subList(1, story.size() - 1);
        assertThat(middle).as(story.toString()).isNotEmpty().hasSize(middle.size() / 2 * 2);
        StringBuilder told = new StringBuilder();
        for (int i = 0; i < middle.size(); i += 2) {
            assertThat(middle.get(i)).as(story.toString()).startsWith("received b'");
            assertThat(middle.get(i + 1)).as(story.toString()).isEqualTo("sent" + middle.get(i).substring("received".length()));
            told.append(middle.get(i), "received b'".length(), middle.get(i).length() - 1);
        }
        assertThat(told.toString()).isEqualTo(SEED_ECHO);
    }

    @Test
    void seedClientWithTlsechoCertificateAndHostnameCheckAgainstJavaServer() throws Exception {
        tlsechoCert();
        HeldCertificate pair = HeldCertificate.load(dir.resolve("tlsecho.crt"), dir.resolve("tlsecho.key"), null);
        // "localhost" binds every address it resolves to (127.0.0.1 and ::1 where present).
        try (EchoServer server = Interop.server(pair, b -> b.host("localhost"))) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                RunningProcess plain = seedClient(host, server.port(), "tlsecho.crt", false);
                assertThat(plain.stdout()).as(plain::describe).isEqualTo(SEED_ECHO);
                RunningProcess checked = seedClient(host, server.port(), "tlsecho.crt", true);
                assertThat(checked.stdout()).as(checked::describe).isEqualTo(SEED_ECHO);
            }
        }
    }

    @Test
    void seedClientWithHostnameCheckRejectsTheSeedCertificate() throws Exception {
        Interop.seedCert(dir);
        HeldCertificate pair = HeldCertificate.load(dir.resolve("pymotw.crt"), dir.resolve("pymotw.key"), null);
        try (EchoServer server = Interop.server(pair, b -> b);
             RunningProcess client = RunningProcess.start(seedClientCommand("127.0.0.1", server.port(), "pymotw.crt", true),
                     dir, Map.of())) {
            assertThat(client.awaitExit(WAIT)).as(client::describe).isEqualTo(1);
            assertThat(client.stderr()).contains("asyncio_echo_client: error:").contains("CERTIFICATE_VERIFY_FAILED");
        }
    }

    // (b) the Java client against the seed's Python server

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void javaClientAgainstSeedServerWithSeedCertificate(TlsProvider provider) throws Exception {
        Interop.seedCert(dir);
        List<X509Certificate> trust = TrustMaterial.read(dir.resolve("pymotw.crt"), null);
        try (RunningProcess server = seedServer("pymotw.crt", "pymotw.key", false)) {
            int port = Interop.portFrom(server, STARTED);
            EchoResult r = javaClient(port, "127.0.0.1", trust, false, provider);
            assertThat(r.matches()).as(r.mismatch()).isTrue();
            assertThat(new String(r.echo(), StandardCharsets.UTF_8)).isEqualTo(SEED_ECHO);
            assertThat(r.session().peerChain()).extracting(c -> CertificateInfo.of(c).subject()).first().asString().contains("pymotw.com");

            // The CLI, as the README shows it for the seed's certificate.
            Interop.CliRun cli = Interop.cli("client", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--cafile", dir.resolve("pymotw.crt").toString(), "--no-verify-hostname",
                    "--provider", provider.name().toLowerCase(java.util.Locale.ROOT), "-q");
            assertThat(cli.exitCode()).as(cli::toString).isZero();

            // Without --no-verify-hostname the CN-only certificate cannot match: exit 13, with the reason.
            Interop.CliRun strict = Interop.cli("client", "--host", "127.0.0.1", "--port", Integer.toString(port),
                    "--cafile", dir.resolve("pymotw.crt").toString(), "-q");
            assertThat(strict.exitCode()).as(strict::toString).isEqualTo(13);
            assertThat(strict.err()).contains("CN=pymotw.com");

            server.waitForLine(Pattern.compile("message terminated, closing connection$"), WAIT);
            stop(server);
        }
    }

    @Test
    void javaClientVerifiesHostnameAgainstSeedServerWithTlsechoCertificate() throws Exception {
        tlsechoCert();
        List<X509Certificate> trust = TrustMaterial.read(dir.resolve("tlsecho.crt"), null);
        try (RunningProcess server = seedServer("tlsecho.crt", "tlsecho.key", false)) {
            int port = Interop.portFrom(server, STARTED);
            for (String host : List.of("127.0.0.1", "localhost")) {
                EchoResult r = javaClient(port, host, trust, true, TlsProvider.auto());
                assertThat(r.matches()).as(r.mismatch()).isTrue();
            }
            stop(server);
        }
    }

    // (c) the seed's server under uvloop

    @Test
    void javaClientAgainstSeedServerUnderUvloop() throws Exception {
        PeerTools.debianPythonWith("uvloop");
        tlsechoCert();
        List<X509Certificate> trust = TrustMaterial.read(dir.resolve("tlsecho.crt"), null);
        try (RunningProcess server = seedServer("tlsecho.crt", "tlsecho.key", true)) {
            int port = Interop.portFrom(server, STARTED);
            for (TlsProvider provider : TlsProvider.values()) {
                EchoResult r = javaClient(port, "127.0.0.1", trust, true, provider);
                assertThat(r.matches()).as(provider + ": " + r.mismatch()).isTrue();
                assertThat(new String(r.echo(), StandardCharsets.UTF_8)).isEqualTo(SEED_ECHO);
            }
            stop(server);
            assertThat(server.stderr()).doesNotContain("--uvloop:");
        }
    }

    private void tlsechoCert() {
        Interop.CliRun cert = Interop.cli("cert", "--out", dir.resolve("tlsecho").toString());
        assertThat(cert.exitCode()).as(cert::toString).isZero();
    }

    private List<String> seedClientCommand(String host, int port, String cafile, boolean checkHostname, String... messages) {
        List<String> command = new ArrayList<>(cmd(PeerTools.debianPython(), PeerTools.seedScript("asyncio_echo_client.py"),
                "--host", host, "--port", port, "--cafile", cafile, "--timeout", 20));
        if (checkHostname) {
            command.add("--check-hostname");
        }
        command.addAll(List.of(messages));
        return command;
    }

    private RunningProcess seedClient(String host, int port, String cafile, boolean checkHostname, String... messages) {
        try (RunningProcess client = RunningProcess.start(seedClientCommand(host, port, cafile, checkHostname, messages),
                dir, Map.of())) {
            assertThat(client.awaitExit(WAIT)).as(client::describe).isZero();
            return client;
        }
    }

    private RunningProcess seedServer(String cert, String key, boolean uvloop) {
        List<String> command = new ArrayList<>(cmd(PeerTools.debianPython(), PeerTools.seedScript("asyncio_echo_server.py"),
                "--host", "127.0.0.1", "--port", 0, "--cert", cert, "--key", key));
        if (uvloop) {
            command.add("--uvloop");
        }
        return RunningProcess.start(command, dir, Map.of());
    }

    private static EchoResult javaClient(int port, String host, List<X509Certificate> trust, boolean verifyHostname,
                                         TlsProvider provider) throws Exception {
        try (EchoClient client = EchoClient.create(EchoClientConfig.builder()
                .host(host).port(port).trust(trust, "test").verifyHostname(verifyHostname)
                .tls(TlsOptions.defaults().withProvider(provider)).build())) {
            return client.exchange(List.of("This is the message. ", "It will be sent ", "in parts.").stream()
                    .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
        }
    }

    private static void stop(RunningProcess server) {
        server.terminate();
        assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
        assertThat(server.stderr()).contains("main: closing event loop");
    }
}
