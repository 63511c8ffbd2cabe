package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.TrustMaterial;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsecho testbed} against the clients people test with: the seed's Python client, {@code openssl
 * s_client}, curl and tlsecho's own client each accept or reject every scenario as the table says. One
 * testbed (the CLI, as a child process) serves every test.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestbedClientsTest {

    /** What a correct client does in each scenario (without a client certificate), in the testbed's order. */
    private static final Map<String, String> EXPECT = new LinkedHashMap<>();

    static {
        String accept = "accept";
        String reject = "reject";
        for (Map.Entry<String, String> e : List.of(entry("good", accept), entry("expired", reject),
                entry("not-yet-valid", reject), entry("wrong-host", reject), entry("self-signed", reject),
                entry("untrusted-root", reject), entry("incomplete-chain", reject), entry("rsa-1024", reject),
                entry("sha1-signature", reject), entry("client-cert-required", reject), entry("tls1.2-only", accept),
                entry("tls1.3-only", accept), entry("hello", accept), entry("wrong-eku", reject),
                entry("issuer-not-ca", reject), entry("pathlen-exceeded", reject), entry("name-constraints", reject),
                entry("unknown-critical-extension", reject), entry("bad-key-usage", reject),
                entry("expired-intermediate", reject), entry("no-san", reject), entry("huge-chain", accept),
                entry("many-sans", accept), entry("revoked-crl", reject), entry("revoked-ocsp", reject),
                entry("ocsp-stapled-good", accept), entry("ocsp-stapled-revoked", reject),
                entry("ocsp-stapled-expired", reject), entry("must-staple-missing", reject),
                entry("hang-after-hello", "timeout"), entry("hang-after-accept", "timeout"), entry("trickle", "timeout"),
                entry("tcp-fragments", accept), entry("no-close-notify", "truncation"),
                entry("reset-mid-handshake", reject))) {
            EXPECT.put(e.getKey(), e.getValue());
        }
    }

    /** Scenarios only a client with revocation checking or stapling detects: every other client accepts them. */
    private static final Set<String> REQUIRES = Set.of("revoked-crl", "revoked-ocsp", "ocsp-stapled-revoked",
            "ocsp-stapled-expired", "must-staple-missing");
    /** Scenarios tried only with a short client timeout, in {@link #hostileServers}: they hang or trickle. */
    private static final Set<String> TIMED = Set.of("hang-after-hello", "hang-after-accept", "trickle",
            "no-close-notify");

    /**
     * Where each client differs from {@link #EXPECT}, as measured (docs/testing-clients.md's table): OpenSSL's
     * host check falls back to the CN and its TLS server purpose accepts keyEncipherment alone; the seed's
     * Python client and curl use OpenSSL's checks.
     */
    private static final Map<String, String> OPENSSL_DIFFERS = Map.of("no-san", "accept", "bad-key-usage", "accept");
    /** The JDK: no SHA-1 or key-size limit under a private root, CN fallback, at most 10 certificates. */
    private static final Map<String, String> JDK_DIFFERS = Map.of("rsa-1024", "accept", "sha1-signature", "accept",
            "no-san", "accept", "huge-chain", "reject");
    /** tlsecho's client (OpenSSL engine) is a correct client on every untimed scenario. */
    private static final Map<String, String> TLSECHO_DIFFERS = Map.of();

    private static final Pattern SCENARIO = Pattern.compile(
            "\\{\"name\":\"([^\"]+)\",\"port\":(\\d+),\"expect\":\"(\\w+)\",\"why\":\"[^\"]+\"");
    private static final String SEED_ECHO = "This is the message. It will be sent in parts.";

    @TempDir
    static Path dir;

    private RunningProcess testbed;
    private int responder;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, String> expects = new LinkedHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @BeforeAll
    void startTestbed() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        testbed = RunningProcess.start(cmd(java, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main",
                "testbed", "--port-base", 0, "--json", "--dir", dir, "-v"), dir, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!testbed.stdout().contains("]") && System.nanoTime() < deadline) {
            assertThat(testbed.process().isAlive()).as(testbed::describe).isTrue();
            Thread.sleep(100);
        }
        Matcher m = SCENARIO.matcher(testbed.stdout());
        while (m.find()) {
            ports.put(m.group(1), Integer.parseInt(m.group(2)));
            expects.put(m.group(1), m.group(3));
        }
        Matcher r = Pattern.compile("\\{\"name\":\"responder\",\"port\":(\\d+)").matcher(testbed.stdout());
        assertThat(r.find()).as(testbed::describe).isTrue();
        responder = Integer.parseInt(r.group(1));
        Files.write(dir.resolve("nul.bin"), new byte[] {'h', 'i', 0});
    }

    @AfterAll
    void stopTestbed() {
        pool.shutdownNow();
        if (testbed != null) {
            testbed.terminate();
            assertThat(testbed.awaitExit(WAIT)).as(testbed::describe).isZero();
            testbed.close();
        }
    }

    @Test
    void jsonListsEveryScenarioWithWhatACorrectClientDoes() {
        assertThat(expects).as(testbed::describe).containsExactlyEntriesOf(EXPECT);
        assertThat(testbed.stdout()).contains("\"with_client_cert\":\"accept\"",
                "{\"name\":\"revoked-crl\",\"port\":" + ports.get("revoked-crl"),
                "\"requires\":[\"revocation\"]", "\"requires\":[\"stapling\"]", "\"timeout_s\":3",
                "{\"name\":\"responder\",\"port\":" + responder + ",\"url\":\"http://127.0.0.1:" + responder + "\"");
        assertThat(dir.resolve("ca.crt")).exists();
        assertThat(dir.resolve("client.key")).exists();
        assertThat(dir.resolve("intermediate.crt")).exists();
    }

    @Test
    void seedPythonClient() throws Exception {
        Map<String, RunningProcess> runs = inParallel(name -> run(PeerTools.debianPython(),
                PeerTools.seedScript("asyncio_echo_client.py"), "--host", "localhost", "--port", ports.get(name),
                "--cafile", "ca.crt", "--check-hostname", "--timeout", 20));
        checkTable(runs, OPENSSL_DIFFERS);
        assertThat(runs.get("good").stdout()).isEqualTo(SEED_ECHO);
        assertThat(runs.get("hello").stdout()).contains("\"ja4\":\"t13d", "\"sni\":\"localhost\"", "\"versions\":[\"TLSv1.3\"");
        assertThat(runs.get("rsa-1024").stderr()).contains("key too weak");
        assertThat(runs.get("sha1-signature").stderr()).contains("too weak");
        // The seed's client cannot send a certificate: Python's ssl, as a CI job would use it.
        RunningProcess withCert = run(PeerTools.debianPython(), "-c", "import socket, ssl, sys\n"
                + "c = ssl.create_default_context(cafile='ca.crt')\n"
                + "c.load_cert_chain('client.crt', 'client.key')\n"
                + "s = c.wrap_socket(socket.create_connection(('localhost', int(sys.argv[1]))), server_hostname='localhost')\n"
                + "s.sendall(b'hello\\0')\n"
                + "print(s.recv(100).decode())\n", ports.get("client-cert-required"));
        assertThat(withCert.awaitExit(WAIT)).as(withCert::describe).isZero();
        assertThat(withCert.stdout()).startsWith("hello");
    }

    @Test
    void opensslClient() throws Exception {
        Map<String, RunningProcess> runs = inParallel(name -> openssl(name));
        checkTable(runs, OPENSSL_DIFFERS);
        assertThat(runs.get("wrong-eku").stdout() + runs.get("wrong-eku").stderr()).contains("unsuitable certificate purpose");
        assertThat(runs.get("pathlen-exceeded").stderr()).contains("path length constraint exceeded");
        assertThat(runs.get("name-constraints").stderr()).contains("permitted subtree violation");
        assertThat(runs.get("unknown-critical-extension").stderr()).contains("unhandled critical extension");
        assertThat(runs.get("good").stdout()).contains("hello");
        assertThat(runs.get("hello").stdout()).contains("\"ja4\":\"t13d");
        RunningProcess withCert = openssl("client-cert-required", "-cert", "client.crt", "-key", "client.key");
        assertThat(withCert.awaitExit(WAIT)).as(withCert::describe).isZero();
        assertThat(withCert.stdout()).contains("hello");
    }

    @Test
    void curl() throws Exception {
        Map<String, RunningProcess> runs = inParallel(name -> curl(name));
        checkTable(runs, OPENSSL_DIFFERS);
        assertThat(runs.get("issuer-not-ca").stderr()).contains("invalid CA certificate");
        assertThat(runs.get("hello").stdout()).contains("\"ja4\":\"t13d", "\"alpn\":[");
        RunningProcess withCert = curl("client-cert-required", "--cert", "client.crt", "--key", "client.key");
        assertThat(withCert.awaitExit(WAIT)).as(withCert::describe).isZero();
    }

    @Test
    void tlsechoClientNamesTheFlaw() throws Exception {
        // exit code and a word of the one-line error, per scenario
        Map<String, Object[]> expected = Map.ofEntries(
                entry("good", new Object[] {0, ""}),
                entry("expired", new Object[] {14, "expired on"}),
                entry("not-yet-valid", new Object[] {14, "is not valid until"}),
                entry("wrong-host", new Object[] {13, "wrong.host.invalid"}),
                entry("self-signed", new Object[] {12, "is self-signed"}),
                entry("untrusted-root", new Object[] {12, "ends at the root CN=tlsecho untrusted root"}),
                entry("incomplete-chain", new Object[] {12, "did not send"}),
                entry("rsa-1024", new Object[] {23, "1024-bit RSA key"}),
                entry("sha1-signature", new Object[] {23, "signed with SHA-1"}),
                entry("client-cert-required", new Object[] {15, "requires a client certificate"}),
                entry("tls1.2-only", new Object[] {0, ""}),
                entry("tls1.3-only", new Object[] {0, ""}),
                // the reply describes the ClientHello: not an echo of what was sent
                entry("hello", new Object[] {19, "differs"}),
                entry("wrong-eku", new Object[] {12, "is not for TLS server authentication: its extended key usage allows clientAuth only"}),
                entry("issuer-not-ca", new Object[] {12, "keyCertSign bit is not set"}),
                entry("pathlen-exceeded", new Object[] {12, "pathLenConstraint violated"}),
                entry("name-constraints", new Object[] {12, "name constraints check failed"}),
                entry("unknown-critical-extension", new Object[] {12, "unrecognized critical extension"}),
                // BoringSSL refuses the key usage itself, before the trust manager sees the chain
                entry("bad-key-usage", new Object[] {11, "KEY_USAGE_BIT_INCORRECT"}),
                entry("expired-intermediate", new Object[] {14, "CN=tlsecho testbed expired intermediate expired on"}),
                entry("no-san", new Object[] {13, "has no subjectAltName"}),
                entry("huge-chain", new Object[] {0, ""}),
                entry("many-sans", new Object[] {0, ""}),
                // without --check-revocation, nothing about revocation is checked
                entry("revoked-crl", new Object[] {0, ""}),
                entry("revoked-ocsp", new Object[] {0, ""}),
                entry("ocsp-stapled-good", new Object[] {0, ""}),
                entry("ocsp-stapled-revoked", new Object[] {0, ""}),
                entry("ocsp-stapled-expired", new Object[] {0, ""}),
                entry("must-staple-missing", new Object[] {0, ""}),
                entry("tcp-fragments", new Object[] {0, ""}),
                entry("reset-mid-handshake", new Object[] {18, "reset the connection"}));
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(untimed());
        for (String name : untimed()) {
            Interop.CliRun run = Interop.cli("client", "--host", "localhost", "--port", ports.get(name).toString(),
                    "--cafile", dir.resolve("ca.crt").toString(), "-q");
            assertThat(run.exitCode()).as(name + ": " + run).isEqualTo(expected.get(name)[0]);
            if (!name.equals("hello")) {
                assertThat(run.exitCode() == 0 ? "accept" : "reject").as(name)
                        .isEqualTo(TLSECHO_DIFFERS.getOrDefault(name, plain(name)));
            }
            assertThat(run.err()).as(name).contains((String) expected.get(name)[1]);
            assertThat(run.err().lines().count()).as(name + ": one line").isLessThanOrEqualTo(1);
        }
        Interop.CliRun withCert = Interop.cli("client", "--host", "localhost",
                "--port", ports.get("client-cert-required").toString(), "--cafile", dir.resolve("ca.crt").toString(),
                "--cert", dir.resolve("client.crt").toString(), "--key", dir.resolve("client.key").toString(), "-q");
        assertThat(withCert.exitCode()).as(withCert::toString).isZero();

        try (EchoClient client = EchoClient.create(io.tlsecho.client.EchoClientConfig.builder().host("localhost")
                .port(ports.get("hello")).trust(TrustMaterial.read(dir.resolve("ca.crt"), null), "ca.crt").build())) {
            EchoResult r = client.exchange(List.of("hello".getBytes(StandardCharsets.UTF_8)));
            assertThat(new String(r.echo(), StandardCharsets.UTF_8)).startsWith("{\"ja4\":\"t1").endsWith("}\n");
        }
    }

    @Test
    void jdkClient() throws Exception {
        Map<String, String> outcomes = jdk(List.of(), 10_000, untimed());
        untimed().forEach(name -> assertThat(outcomes.get(name)).as(name)
                .startsWith(JDK_DIFFERS.getOrDefault(name, plain(name)) + " "));
        assertThat(outcomes.get("good")).isEqualTo("accept hello");
        assertThat(outcomes.get("huge-chain")).contains("exceeds the maximum allowed length (10)");
    }

    /**
     * Runs {@link JdkTlsClient} with {@code properties} and a read timeout on {@code scenarios}, trusting the root
     * from a PKCS#12 trust store: each one's outcome and detail.
     */
    private Map<String, String> jdk(List<String> properties, int timeoutMillis, Iterable<String> scenarios)
            throws Exception {
        Path store = dir.resolve("ca.p12");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("testbed root", TrustMaterial.read(dir.resolve("ca.crt"), null).get(0));
        try (OutputStream out = Files.newOutputStream(store)) {
            trust.store(out, "changeit".toCharArray());
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djavax.net.ssl.trustStore=" + store,
                "-Djavax.net.ssl.trustStorePassword=changeit"));
        command.addAll(properties);
        command.addAll(List.of(JdkTlsClient.class.getName(), Integer.toString(timeoutMillis)));
        scenarios.forEach(name -> command.add(name + "=" + ports.get(name)));
        RunningProcess p = RunningProcess.start(command, dir, Map.of());
        try {
            assertThat(p.awaitExit(Duration.ofSeconds(120))).as(p::describe).isZero();
            Map<String, String> outcomes = new LinkedHashMap<>();
            p.stdout().lines().forEach(line -> outcomes.put(line.substring(0, line.indexOf(' ')),
                    line.substring(line.indexOf(' ') + 1)));
            return outcomes;
        } finally {
            p.close();
        }
    }

    @Test
    void opensslAsksTheResponder() throws Exception {
        // OCSP by POST: good unless OCSP revoked it, whatever the CRL says
        Map<String, String> status = Map.of("good", "good", "revoked-crl", "good", "revoked-ocsp", "revoked");
        for (Map.Entry<String, String> e : status.entrySet()) {
            Path leaf = leaf(e.getKey());
            RunningProcess ocsp = run(PeerTools.require("openssl"), "ocsp", "-issuer", "intermediate.crt", "-cert", leaf,
                    "-url", "http://127.0.0.1:" + responder + "/ocsp", "-CAfile", "ca.crt");
            assertThat(ocsp.awaitExit(WAIT)).as(ocsp::describe).isZero();
            assertThat(ocsp.stdout()).as(ocsp::describe).contains(leaf + ": " + e.getValue());
            assertThat(ocsp.stderr() + ocsp.stdout()).contains("Response verify OK");
        }
        // OCSP by GET (RFC 6960 appendix A): the request, base64 and URL-encoded, in the path
        Path leaf = leaf("revoked-ocsp");
        RunningProcess request = run(PeerTools.require("openssl"), "ocsp", "-issuer", "intermediate.crt", "-cert", leaf,
                "-no_nonce", "-reqout", "req.der");
        assertThat(request.awaitExit(WAIT)).as(request::describe).isZero();
        String encoded = java.net.URLEncoder.encode(java.util.Base64.getEncoder().encodeToString(
                Files.readAllBytes(dir.resolve("req.der"))), StandardCharsets.US_ASCII);
        RunningProcess get = run(PeerTools.require("curl"), "-sS", "--max-time", 20, "-o", "resp.der",
                "http://127.0.0.1:" + responder + "/ocsp/" + encoded);
        assertThat(get.awaitExit(WAIT)).as(get::describe).isZero();
        RunningProcess read = run(PeerTools.require("openssl"), "ocsp", "-respin", "resp.der", "-issuer",
                "intermediate.crt", "-cert", leaf, "-CAfile", "ca.crt");
        assertThat(read.stdout()).as(read::describe).contains(": revoked", "Reason: keyCompromise");
        // The CRL lists revoked-crl's leaf only: openssl verify -crl_check with it
        RunningProcess crl = run(PeerTools.require("curl"), "-sS", "--max-time", 20, "-o", "intermediate.crl",
                "http://127.0.0.1:" + responder + "/crl/intermediate.crl");
        assertThat(crl.awaitExit(WAIT)).as(crl::describe).isZero();
        RunningProcess pem = run(PeerTools.require("openssl"), "crl", "-inform", "DER", "-in", "intermediate.crl",
                "-out", "intermediate-crl.pem");
        assertThat(pem.awaitExit(WAIT)).as(pem::describe).isZero();
        for (String name : List.of("good", "revoked-crl", "revoked-ocsp")) {
            RunningProcess verify = run(PeerTools.require("openssl"), "verify", "-crl_check", "-CRLfile",
                    "intermediate-crl.pem", "-CAfile", "ca.crt", "-untrusted", "intermediate.crt", leaf(name));
            assertThat(verify.awaitExit(WAIT) == 0).as(verify::describe).isEqualTo(!name.equals("revoked-crl"));
            if (name.equals("revoked-crl")) {
                assertThat(verify.stdout() + verify.stderr()).contains("certificate revoked");
            }
        }
        RunningProcess missing = run(PeerTools.require("curl"), "-sS", "--max-time", 20, "-o", "/dev/null", "-w",
                "%{http_code}", "http://127.0.0.1:" + responder + "/crl/none.crl");
        assertThat(missing.stdout()).isEqualTo("404");
    }

    @Test
    void stapling() throws Exception {
        Map<String, String> seen = Map.of("ocsp-stapled-good", "Cert Status: good",
                "ocsp-stapled-revoked", "Cert Status: revoked", "ocsp-stapled-expired", "Cert Status: good",
                "must-staple-missing", "OCSP response: no response sent", "good", "OCSP response: no response sent");
        for (Map.Entry<String, String> e : seen.entrySet()) {
            RunningProcess status = opensslVerbose(e.getKey(), "-status");
            assertThat(status.stdout()).as(e.getKey() + ": " + status.describe()).contains(e.getValue());
        }
        // curl --cert-status: a good staple passes; revoked, expired or missing ones fail (exit 91)
        Map<String, Integer> curl = Map.of("ocsp-stapled-good", 0, "ocsp-stapled-revoked", 91,
                "ocsp-stapled-expired", 91, "must-staple-missing", 91, "good", 91);
        for (Map.Entry<String, Integer> e : curl.entrySet()) {
            RunningProcess p = curl(e.getKey(), "--cert-status");
            assertThat(p.awaitExit(WAIT)).as(e.getKey() + ": " + p.describe()).isEqualTo(e.getValue());
        }
        assertThat(curl("ocsp-stapled-revoked", "--cert-status").stderr()).contains("revocation reason: keyCompromise");
        assertThat(curl("ocsp-stapled-expired", "--cert-status").stderr()).contains("OCSP response has expired");
    }

    @Test
    void jdkWithRevocationChecking() throws Exception {
        List<String> revocationScenarios = List.of("good", "revoked-crl", "revoked-ocsp", "ocsp-stapled-good",
                "ocsp-stapled-revoked", "ocsp-stapled-expired", "must-staple-missing");
        // CRLs only: the CRL, and the staple (the JDK asks for one by default), are believed
        Map<String, String> crl = jdk(List.of("-Dcom.sun.net.ssl.checkRevocation=true",
                "-Dcom.sun.security.enableCRLDP=true"), 10_000, revocationScenarios);
        assertThat(outcomes(crl)).as(crl.toString()).isEqualTo(Map.of("good", "accept", "revoked-crl", "reject",
                "revoked-ocsp", "accept", "ocsp-stapled-good", "accept", "ocsp-stapled-revoked", "reject",
                "ocsp-stapled-expired", "accept", "must-staple-missing", "accept"));
        // and OCSP (a security property): OCSP comes first, and its "good" ends the check, so revoked-crl passes
        Files.writeString(dir.resolve("ocsp.security"), "ocsp.enable=true\n");
        Map<String, String> both = jdk(List.of("-Dcom.sun.net.ssl.checkRevocation=true",
                "-Dcom.sun.security.enableCRLDP=true", "-Djava.security.properties=" + dir.resolve("ocsp.security")),
                10_000, revocationScenarios);
        assertThat(outcomes(both)).as(both.toString()).isEqualTo(Map.of("good", "accept", "revoked-crl", "accept",
                "revoked-ocsp", "reject", "ocsp-stapled-good", "accept", "ocsp-stapled-revoked", "reject",
                "ocsp-stapled-expired", "accept", "must-staple-missing", "accept"));
        assertThat(both.get("revoked-ocsp")).contains("CertificateRevokedException", "KEY_COMPROMISE");
    }

    @Test
    void hostileServers() throws Exception {
        List<String> hostile = List.of("hang-after-hello", "hang-after-accept", "trickle", "tcp-fragments",
                "no-close-notify", "reset-mid-handshake");
        // curl --max-time 3: a whole-transfer bound, so the trickle times out too; no complaint without close_notify
        Map<String, Integer> curlExits = Map.of("hang-after-hello", 28, "hang-after-accept", 28, "trickle", 28,
                "tcp-fragments", 0, "no-close-notify", 0, "reset-mid-handshake", 35);
        Map<String, RunningProcess> curls = inParallel(hostile, name -> run(PeerTools.require("curl"), "-sS",
                "--max-time", 3, "--http0.9", "--cacert", "ca.crt", "--data-binary", "@nul.bin",
                "https://localhost:" + ports.get(name) + "/"));
        curlExits.forEach((name, code) -> assertThat(curls.get(name).awaitExit(WAIT)).as(name + ": "
                + curls.get(name).describe()).isEqualTo(code));
        // Python's ssl with a 3 s socket timeout: the handshake's timeout is a deadline, so the trickle times out;
        // a stream without close_notify ends like a clean one (suppress_ragged_eofs)
        Map<String, RunningProcess> pythons = inParallel(hostile, name -> run(PeerTools.debianPython(), "-c",
                "import socket, ssl, sys\n"
                        + "c = ssl.create_default_context(cafile='ca.crt')\n"
                        + "s = c.wrap_socket(socket.create_connection(('localhost', int(sys.argv[1])), timeout=3),"
                        + " server_hostname='localhost')\n"
                        + "s.sendall(b'hi\\0')\n"
                        + "d = b''\n"
                        + "while True:\n"
                        + "    b = s.recv(100)\n"
                        + "    if not b: break\n"
                        + "    d += b\n"
                        + "print(d.decode())\n", ports.get(name)));
        for (String name : List.of("hang-after-hello", "hang-after-accept", "trickle")) {
            assertThat(pythons.get(name).awaitExit(WAIT)).isNotZero();
            assertThat(pythons.get(name).stderr()).as(name).contains("TimeoutError");
        }
        assertThat(pythons.get("tcp-fragments").stdout()).isEqualTo("hi\n");
        assertThat(pythons.get("no-close-notify").stdout()).isEqualTo("hi\n");
        assertThat(pythons.get("reset-mid-handshake").stderr()).contains("ConnectionResetError");
        // openssl s_client has no timeout of its own: it reports the cut stream
        RunningProcess cut = openssl("no-close-notify");
        assertThat(cut.awaitExit(WAIT)).as(cut::describe).isEqualTo(1);
        assertThat(cut.stderr()).contains("unexpected eof while reading");
        assertThat(openssl("tcp-fragments").stdout()).contains("hello");
        // the JDK's read timeout is per read: bytes every 10 ms keep the trickle going, and it ends accepted
        Map<String, String> jdk = jdk(List.of(), 3000, hostile);
        assertThat(outcomes(jdk)).as(jdk.toString()).isEqualTo(Map.of("hang-after-hello", "timeout",
                "hang-after-accept", "timeout", "trickle", "accept", "tcp-fragments", "accept",
                "no-close-notify", "accept", "reset-mid-handshake", "reject"));
        // tlsecho's client with --timeout 3s: the trickle's handshake misses it; the cut stream is named as such
        Map<String, Integer> tlsechoExits = Map.of("hang-after-hello", 10, "hang-after-accept", 10, "trickle", 10,
                "tcp-fragments", 0, "no-close-notify", 28, "reset-mid-handshake", 18);
        Map<String, Interop.CliRun> ours = new LinkedHashMap<>();
        for (Map.Entry<String, Future<Interop.CliRun>> f : hostile.stream().collect(java.util.stream.Collectors.toMap(
                n -> n, n -> pool.submit(() -> Interop.cli("client", "--host", "localhost", "--port",
                        ports.get(n).toString(), "--cafile", dir.resolve("ca.crt").toString(), "--timeout", "3s",
                        "-q")))).entrySet()) {
            ours.put(f.getKey(), f.getValue().get());
        }
        tlsechoExits.forEach((name, code) -> assertThat(ours.get(name).exitCode()).as(name + ": " + ours.get(name))
                .isEqualTo(code));
        assertThat(ours.get("no-close-notify").err()).isEqualTo("tlsecho: the server at localhost port "
                + ports.get("no-close-notify") + " closed the connection without TLS close_notify: the echo may be "
                + "truncated\n");
        // the test bed is still up
        assertThat(curl("good").awaitExit(WAIT)).isZero();
    }

    private static Map<String, String> outcomes(Map<String, String> details) {
        Map<String, String> out = new LinkedHashMap<>();
        details.forEach((name, detail) -> out.put(name, detail.substring(0, detail.indexOf(' '))));
        return out;
    }

    /** The leaf certificate {@code name}'s server sends, written to {@code name.pem}. */
    private Path leaf(String name) throws Exception {
        RunningProcess p = opensslVerbose(name, "-showcerts");
        List<X509Certificate> chain = Interop.pemCertificates(p.stdout());
        assertThat(chain).as(p::describe).isNotEmpty();
        Path file = dir.resolve(name + ".pem");
        Files.writeString(file, io.tlsecho.pki.Pem.encode("CERTIFICATE", chain.get(0).getEncoded()));
        return file.getFileName();
    }

    @Test
    void portInUseIsOneLineNamingTheScenarioAndPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            // The first scenario's port: it fails at once, before the other listeners start.
            int port = taken.getLocalPort();
            Interop.CliRun run = Interop.cli("testbed", "--port-base", Integer.toString(port),
                    "--dir", dir.resolve("second").toString(), "-q");
            assertThat(run.exitCode()).as(run::toString).isEqualTo(7);
            assertThat(run.err()).isEqualTo("tlsecho: scenario good: cannot listen on 127.0.0.1:" + port
                    + ": address already in use (is another server running?)\n");
        }
    }

    @Test
    void portBaseBeyondTheLastPortIsAUsageError() {
        Interop.CliRun run = Interop.cli("testbed", "--port-base", "65530", "--dir", dir.resolve("third").toString());
        assertThat(run.exitCode()).as(run::toString).isEqualTo(2);
        int n = EXPECT.size();
        assertThat(run.err()).isEqualTo("tlsecho: --port-base: 65530 (expected: 0, or 1-" + (65535 - n)
                + " so that the " + n + " scenarios' ports and the responder's fit)\n");
    }

    /** {@code openssl s_client} without -quiet, so that it prints the certificates and the stapled response. */
    private RunningProcess opensslVerbose(String name, String... extra) {
        List<String> command = new ArrayList<>(cmd(PeerTools.require("openssl"), "s_client",
                "-connect", "127.0.0.1:" + ports.get(name), "-servername", "localhost", "-CAfile", "ca.crt"));
        command.addAll(List.of(extra));
        return Interop.feed(dir, Interop.HELLO_NUL, command);
    }

    private RunningProcess openssl(String name, String... extra) {
        List<String> command = new ArrayList<>(cmd(PeerTools.require("openssl"), "s_client",
                "-connect", "127.0.0.1:" + ports.get(name), "-servername", "localhost", "-verify_hostname", "localhost",
                "-verify_return_error", "-CAfile", "ca.crt", "-quiet"));
        command.addAll(List.of(extra));
        return Interop.feed(dir, Interop.HELLO_NUL, command);
    }

    private RunningProcess curl(String name, String... extra) {
        List<String> command = new ArrayList<>(cmd(PeerTools.require("curl"), "-sS", "--max-time", 20, "--http0.9",
                "--cacert", "ca.crt", "--data-binary", "@nul.bin", "https://localhost:" + ports.get(name) + "/"));
        command.addAll(List.of(extra));
        RunningProcess p = RunningProcess.start(command, dir, Map.of());
        p.awaitExit(WAIT);
        return p;
    }

    private RunningProcess run(Object... command) {
        RunningProcess p = RunningProcess.start(cmd(command), dir, Map.of());
        p.awaitExit(WAIT);
        return p;
    }

    private Map<String, RunningProcess> inParallel(Function<String, RunningProcess> client) throws Exception {
        return inParallel(untimed(), client);
    }

    private Map<String, RunningProcess> inParallel(List<String> names, Function<String, RunningProcess> client)
            throws Exception {
        Map<String, Future<RunningProcess>> futures = new LinkedHashMap<>();
        for (String name : names) {
            futures.put(name, pool.submit(() -> client.apply(name)));
        }
        Map<String, RunningProcess> out = new LinkedHashMap<>();
        for (Map.Entry<String, Future<RunningProcess>> e : futures.entrySet()) {
            out.put(e.getKey(), e.getValue().get());
        }
        return out;
    }

    /** What a client that checks no revocation should do. */
    private static String plain(String name) {
        return REQUIRES.contains(name) ? "accept" : EXPECT.get(name);
    }

    /** The scenarios every client is run on, in order: all but {@link #TIMED}. */
    private static List<String> untimed() {
        return EXPECT.keySet().stream().filter(name -> !TIMED.contains(name)).toList();
    }

    /** Each scenario accepted (exit 0) or rejected (any other exit) as the table says, but for {@code differs}. */
    private static void checkTable(Map<String, RunningProcess> runs, Map<String, String> differs) {
        runs.forEach((name, p) -> {
            int code = p.awaitExit(WAIT);
            String outcome = differs.getOrDefault(name, plain(name));
            assertThat(code == 0 ? "accept" : "reject").as(name + ": " + p.describe()).isEqualTo(outcome);
        });
    }
}
