package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.bench.JsonText;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsecho testbed --single-port}: every scenario but {@code hang-after-accept} reached by SNI
 * {@code <scenario>.localhost} on one port behaves, for curl, openssl, Python and tlsecho's client, as on its own port.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestbedSinglePortTest {

    @TempDir
    static Path dir;

    private SinglePortTestbed testbed;
    private int single;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeAll
    void start() throws Exception {
        testbed = new SinglePortTestbed(dir);
        single = testbed.port("single-port");
        Files.write(dir.resolve("nul.bin"), new byte[] {'h', 'i', 0});
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void manifestAddsTheSinglePortAndEachScenariosName() {
        assertThat(testbed.entry("single-port")).containsKeys("port", "why").doesNotContainKey("expect");
        assertThat(single).isPositive().isNotEqualTo(testbed.port("responder"));
        for (Map<String, Object> s : testbed.scenarios()) {
            if (s.get("name").equals("hang-after-accept")) {
                assertThat(s).doesNotContainKey("sni");
                assertThat((String) s.get("not_on_single_port")).contains("never reads");
            } else {
                assertThat(s.get("sni")).as(s.toString()).isEqualTo(s.get("name") + ".localhost");
            }
            // the fields of before, in their order, then the new one
            assertThat(new ArrayList<>(s.keySet()).subList(0, 4)).containsExactly("name", "port", "expect", "why");
        }
    }

    @Test
    void curlGetsTheSameOverTheSinglePortAsOnEachScenariosPort() throws Exception {
        Map<String, Future<int[]>> runs = new LinkedHashMap<>();
        for (Map<String, Object> s : testbed.scenarios()) {
            String name = (String) s.get("name");
            // the timeout the scenario is for, else ample time on a busy machine
            int maxTime = s.containsKey("timeout_s") ? ((Number) s.get("timeout_s")).intValue() : 30;
            if (s.containsKey("sni")) {
                runs.put(name, pool.submit(() -> new int[] {curl(maxTime, "https://localhost:" + testbed.port(name) + "/"),
                        curl(maxTime, "--resolve", name + ".localhost:" + single + ":127.0.0.1",
                                "https://" + name + ".localhost:" + single + "/")}));
            }
        }
        Map<String, Integer> perPort = new LinkedHashMap<>();
        Map<String, Integer> onSingle = new LinkedHashMap<>();
        for (Map.Entry<String, Future<int[]>> r : runs.entrySet()) {
            perPort.put(r.getKey(), r.getValue().get()[0]);
            onSingle.put(r.getKey(), r.getValue().get()[1]);
        }
        assertThat(onSingle).isEqualTo(perPort).hasSize(testbed.scenarios().size() - 1);
        assertThat(perPort).containsEntry("good", 0).containsEntry("expired", 60).containsEntry("wrong-host", 60)
                .containsEntry("hang-after-hello", 28).containsEntry("reset-mid-handshake", 35);
    }

    @Test
    void stapledAndHostileScenariosAnswerHttpLikeTheOthers() {
        for (String name : List.of("good", "ocsp-stapled-good", "tcp-fragments", "no-close-notify")) {
            for (String version : List.of("--http1.1", "--http2")) {
                for (boolean bySni : List.of(false, true)) {
                    String host = bySni ? name + ".localhost" : "localhost";
                    int port = bySni ? single : testbed.port(name);
                    RunningProcess p = run(PeerTools.require("curl"), "-sS", "--max-time", 30, version, "--cacert",
                            "tb/ca.crt", "-w", "\n%{http_code}", "--resolve", host + ":" + port + ":127.0.0.1",
                            "https://" + host + ":" + port + "/");
                    String what = name + " " + version + (bySni ? " by SNI" : "") + ": " + p.describe();
                    assertThat(p.process().exitValue()).as(what).isZero();
                    String body = p.stdout().substring(0, p.stdout().lastIndexOf('\n'));
                    assertThat(p.stdout().substring(p.stdout().lastIndexOf('\n') + 1)).as(what).isEqualTo("200");
                    Map<String, Object> description = JsonText.object(body);
                    assertThat(JsonText.object(description, "tls")).as(what)
                            .containsEntry("alpn", version.equals("--http2") ? "h2" : "http/1.1")
                            .containsEntry("sni", host);
                    assertThat(JsonText.object(description, "http")).as(what)
                            .containsEntry("version", version.equals("--http2") ? "h2" : "http/1.1");
                    assertThat(JsonText.object(description, "client_hello")).as(what).containsKey("ja3");
                }
            }
        }
    }

    @Test
    void opensslChoosesByServerNameAndAnUnknownNameIsAnAlert() {
        RunningProcess good = openssl("good.localhost", "-verify_hostname", "good.localhost", "-verify_return_error");
        assertThat(good.stdout()).as(good::describe).isEqualTo("hello");
        RunningProcess expired = openssl("expired.localhost", "-verify_return_error");
        assertThat(expired.process().exitValue()).isEqualTo(1);
        assertThat(expired.stderr()).contains("certificate has expired");
        // wrong-host stays wrong for its own name
        RunningProcess wrong = openssl("wrong-host.localhost", "-verify_hostname", "wrong-host.localhost",
                "-verify_return_error");
        assertThat(wrong.stderr()).as(wrong::describe).contains("hostname mismatch");
        for (String[] unknown : List.of(new String[] {"-servername", "nosuch.localhost"},
                new String[] {"-noservername"})) {
            List<String> command = new ArrayList<>(cmd(PeerTools.require("openssl"), "s_client", "-connect",
                    "127.0.0.1:" + single, "-CAfile", "tb/ca.crt", "-quiet"));
            command.addAll(List.of(unknown));
            RunningProcess p = Interop.feed(dir, Interop.HELLO_NUL, command);
            assertThat(p.process().exitValue()).isEqualTo(1);
            assertThat(p.stderr()).as(p::describe).contains("unrecognized name");
        }
    }

    @Test
    void noSanOnTheSinglePortHasTheNameAsItsCnAndStillNoSan() throws Exception {
        RunningProcess p = Interop.feed(dir, Interop.HELLO_NUL, cmd(PeerTools.require("openssl"), "s_client",
                "-connect", "127.0.0.1:" + single, "-servername", "no-san.localhost", "-CAfile", "tb/ca.crt"));
        var leaf = Interop.pemCertificates(p.stdout()).get(0);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=no-san.localhost");
        assertThat(leaf.getSubjectAlternativeNames()).isNull();
        // curl's OpenSSL host check falls back to the CN on both ports; tlsecho's client refuses a CN-only leaf
        Interop.CliRun ours = tlsecho("no-san.localhost");
        assertThat(ours.exitCode()).as(ours::toString).isEqualTo(13);
        assertThat(ours.err()).contains("has no subjectAltName");
    }

    @Test
    void pythonAndTlsechoClientReachScenariosByName() {
        String script = "import socket, ssl, sys\n"
                + "c = ssl.create_default_context(cafile='tb/ca.crt')\n"
                + "s = c.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10),"
                + " server_hostname=sys.argv[2])\n"
                + "s.sendall(b'hi\\0')\n"
                + "print(s.recv(100).decode())\n";
        RunningProcess good = run(PeerTools.debianPython(), "-c", script, single, "good.localhost");
        assertThat(good.stdout()).as(good::describe).isEqualTo("hi\n");
        RunningProcess selfSigned = run(PeerTools.debianPython(), "-c", script, single, "self-signed.localhost");
        assertThat(selfSigned.stderr()).as(selfSigned::describe).contains("CERTIFICATE_VERIFY_FAILED");
        assertThat(tlsecho("good.localhost").exitCode()).isZero();
        Interop.CliRun cut = tlsecho("no-close-notify.localhost");
        assertThat(cut.exitCode()).as(cut::toString).isEqualTo(28);
        assertThat(cut.err()).contains("closed the connection without TLS close_notify: the echo may be truncated");
        Interop.CliRun hello = tlsecho("hello.localhost");
        assertThat(hello.exitCode()).as(hello::toString).isEqualTo(19);
    }

    @Test
    void badSinglePortIsOneLineAndAPortInUseNamesIt() throws Exception {
        Interop.CliRun high = Interop.cli("testbed", "--single-port", "70000", "--dir", dir.resolve("x").toString());
        assertThat(high.exitCode()).isEqualTo(2);
        assertThat(high.err()).isEqualTo("tlsecho: --single-port: 70000 (expected: 0-65535 (0: a free port))\n");
        assertThat(dir.resolve("x")).doesNotExist();
        Interop.CliRun word = Interop.cli("testbed", "--single-port", "many", "--dir", dir.resolve("x").toString());
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).startsWith("tlsecho: Invalid value for option '--single-port': 'many' is not an int\n");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Interop.CliRun run = Interop.cli("testbed", "--port-base", "0", "--single-port", Integer.toString(port),
                    "--dir", dir.resolve("y").toString(), "-q");
            assertThat(run.exitCode()).as(run::toString).isEqualTo(7);
            assertThat(run.err()).isEqualTo("tlsecho: single port: cannot listen on 127.0.0.1:" + port
                    + ": address already in use (is another server running?)\n");
        }
    }

    private int curl(int maxTime, String... target) {
        List<String> command = new ArrayList<>(cmd(PeerTools.require("curl"), "-sS", "-o", "/dev/null",
                "--max-time", maxTime, "--cacert", "tb/ca.crt"));
        command.addAll(List.of(target));
        RunningProcess p = RunningProcess.start(command, dir, Map.of());
        try {
            return p.awaitExit(WAIT);
        } finally {
            p.close();
        }
    }

    private RunningProcess openssl(String serverName, String... extra) {
        List<String> command = new ArrayList<>(cmd(PeerTools.require("openssl"), "s_client", "-connect",
                "127.0.0.1:" + single, "-servername", serverName, "-CAfile", "tb/ca.crt", "-quiet"));
        command.addAll(List.of(extra));
        return Interop.feed(dir, Interop.HELLO_NUL, command);
    }

    private RunningProcess run(Object... command) {
        RunningProcess p = RunningProcess.start(cmd(command), dir, Map.of());
        p.awaitExit(WAIT);
        return p;
    }

    private Interop.CliRun tlsecho(String serverName) {
        return Interop.cli("client", "--host", "127.0.0.1", "--servername", serverName, "--port",
                Integer.toString(single), "--cafile", dir.resolve("tb/ca.crt").toString(), "--timeout", "5s", "-q");
    }
}
