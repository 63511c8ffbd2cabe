package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoException;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import io.tlsecho.tls.ClientTrust;
import io.tlsecho.tls.Failures;
import io.tlsecho.tls.RevocationPolicy;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code tlsecho client --check-revocation} against a running test bed (a child process) does what a correct client
 * does in every revocation scenario, with both engines, and tells soft from strict when no source answers.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationCheckTest {

    private static final Pattern SCENARIO = Pattern.compile(
            "\\{\"name\":\"([^\"]+)\",\"port\":(\\d+)(?:,\"expect\":\"(\\w+)\")?");
    /** Each revocation scenario: the exit code of a checking client, and what its one line says. */
    private static final Map<String, Object[]> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("good", new Object[] {0, ""});
        EXPECTED.put("revoked-crl", new Object[] {26, "is revoked (CRL http://127.0.0.1:%d/crl/intermediate.crl, revoked "});
        EXPECTED.put("revoked-ocsp", new Object[] {26, "is revoked (OCSP http://127.0.0.1:%d/ocsp, revoked "});
        EXPECTED.put("ocsp-stapled-good", new Object[] {0, ""});
        EXPECTED.put("ocsp-stapled-revoked", new Object[] {26, "is revoked (the stapled OCSP response, revoked "});
        EXPECTED.put("ocsp-stapled-expired", new Object[] {27, "the server stapled a bad OCSP response for its "
                + "certificate CN=localhost (serial 0x"});
        EXPECTED.put("must-staple-missing", new Object[] {27, "requires a stapled OCSP response (TLS feature "
                + "status_request, \"must staple\"), and the server stapled none"});
    }

    @TempDir
    static Path dir;

    private RunningProcess testbed;
    private int responder;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    /** What the test bed's manifest says a correct client does. */
    private final Map<String, String> expects = new LinkedHashMap<>();

    @BeforeAll
    void startTestbed() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        testbed = RunningProcess.start(cmd(java, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main",
                "testbed", "--port-base", 0, "--json", "--dir", dir, "-q"), dir, Map.of());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!testbed.stdout().contains("]") && System.nanoTime() < deadline) {
            assertThat(testbed.process().isAlive()).as(testbed::describe).isTrue();
            Thread.sleep(100);
        }
        Matcher m = SCENARIO.matcher(testbed.stdout());
        while (m.find()) {
            ports.put(m.group(1), Integer.parseInt(m.group(2)));
            if (m.group(3) != null) {
                expects.put(m.group(1), m.group(3));
            }
        }
        assertThat(ports).as(testbed::describe).containsKeys("responder");
        responder = ports.get("responder");
        assertThat(ports).containsKeys(EXPECTED.keySet().toArray(String[]::new));
    }

    @AfterAll
    void stopTestbed() {
        if (testbed != null) {
            testbed.terminate();
            assertThat(testbed.awaitExit(WAIT)).as(testbed::describe).isZero();
            testbed.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void everyRevocationScenarioAsACorrectClient(String provider) {
        for (Map.Entry<String, Object[]> e : EXPECTED.entrySet()) {
            for (String mode : List.of("--check-revocation", "--check-revocation=strict")) {
                Interop.CliRun run = client(e.getKey(), mode, "--provider", provider);
                String as = e.getKey() + " " + mode + " " + provider + ": " + run;
                assertThat(run.exitCode()).as(as).isEqualTo(e.getValue()[0]);
                assertThat(run.exitCode() == 0 ? "accept" : "reject").as(as + ": the manifest's expect")
                        .isEqualTo(expects.get(e.getKey()));
                assertThat(run.err()).as(as).contains(String.format((String) e.getValue()[1], responder));
                assertThat(run.err().lines().count()).as(as).isLessThanOrEqualTo(1);
                if (run.exitCode() == 26) {
                    assertThat(run.err()).as(as).startsWith("tlsecho: server certificate CN=localhost (serial 0x")
                            .contains(", keyCompromise)");
                }
            }
        }
    }

    @Test
    void theRootAnswersThroughADelegatedResponderThatOpensslAccepts() {
        // the intermediate's status comes from the root, signed by a responder certificate the root issued for it;
        // the response carries it, so -CAfile with the root is enough (no -VAfile)
        RunningProcess ocsp = RunningProcess.start(cmd(PeerTools.require("openssl"), "ocsp", "-issuer", "ca.crt",
                "-cert", "intermediate.crt", "-url", "http://127.0.0.1:" + responder + "/ocsp", "-CAfile", "ca.crt",
                "-resp_text"), dir, Map.of());
        try {
            assertThat(ocsp.awaitExit(WAIT)).as(ocsp::describe).isZero();
            assertThat(ocsp.stdout() + ocsp.stderr()).as(ocsp::describe).contains("Response verify OK",
                    "intermediate.crt: good", "Subject: CN=tlsecho testbed root OCSP responder", "OCSP Signing",
                    "OCSP No Check");
        } finally {
            ocsp.close();
        }
        // and tlsecho's client believes it: strict, it checks the intermediate too, and would refuse an unverified answer
        Interop.CliRun run = client("good", "--check-revocation=strict");
        assertThat(run.exitCode()).as(run::toString).isZero();
    }

    @Test
    void withoutTheOptionNothingIsChecked() {
        for (String name : EXPECTED.keySet()) {
            Interop.CliRun run = client(name, "--check-revocation=off");
            assertThat(run.exitCode()).as(name + ": " + run).isZero();
        }
    }

    @Test
    void anUnknownModeOrAZeroTimeoutIsAUsageErrorNamingTheOption() {
        Interop.CliRun run = client("good", "--check-revocation=maybe");
        assertThat(run.exitCode()).as(run::toString).isEqualTo(2);
        assertThat(run.err()).isEqualTo("tlsecho: --check-revocation: maybe (expected: soft, strict or off)\n");
        Interop.CliRun zero = Interop.cli("client", "--port", ports.get("good").toString(), "--check-revocation",
                "--revocation-timeout", "0s");
        assertThat(zero.exitCode()).as(zero::toString).isEqualTo(2);
        assertThat(zero.err()).isEqualTo("tlsecho: --revocation-timeout: 0 (expected: > 0)\n");
    }

    @Test
    void unreachableSourcesWarnWhenSoftAndFailWhenStrict() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + closed;
        HeldCertificate ca = HeldCertificate.builder().commonName("unreachable CA").certificateAuthority(true).build();
        HeldCertificate leaf = HeldCertificate.builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .extension(aia(base + "/ocsp")).extension(crlPoint(base + "/ca.crl")).signedBy(ca).build();
        Path caFile = dir.resolve("unreachable-ca.crt");
        ca.writeCertificateTo(caFile, true);
        try (EchoServer server = EchoServer.start(EchoServer.builder(leaf).host("127.0.0.1").port(0).build())) {
            String port = String.valueOf(server.port());
            // a child process: the warning is logged on its standard error
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            RunningProcess soft = RunningProcess.start(cmd(java, "-cp", System.getProperty("java.class.path"),
                    "io.tlsecho.cli.Main", "client", "--host", "localhost", "--port", port, "--cafile", caFile,
                    "--check-revocation"), dir, Map.of());
            try {
                assertThat(soft.awaitExit(WAIT)).as(soft::describe).isZero();
                assertThat(soft.stderr().lines().filter(l -> l.contains("soft-fail")).toList()).as(soft::describe)
                        .singleElement().asString()
                        .isEqualTo("main: revocation not checked everywhere, going on (soft-fail): server certificate "
                                + "CN=localhost (serial " + serial(leaf) + "): OCSP " + base + "/ocsp: connection "
                                + "refused, CRL " + base + "/ca.crl: connection refused");
            } finally {
                soft.close();
            }

            Interop.CliRun strict = Interop.cli("client", "--host", "localhost", "--port", port, "--cafile",
                    caFile.toString(), "--check-revocation=strict", "-q");
            assertThat(strict.exitCode()).as(strict::toString).isEqualTo(27);
            assertThat(strict.err()).as(strict::toString)
                    .startsWith("tlsecho: cannot establish the revocation status of the server certificate "
                            + "CN=localhost (serial 0x")
                    .endsWith(serial(leaf) + "): OCSP " + base + "/ocsp: connection refused, CRL " + base
                            + "/ca.crl: connection refused (strict revocation checking)\n");
        }
        // a leaf that names no source, from an intermediate whose sources are down: both are reported, so the
        // intermediate is checked as well as the leaf
        HeldCertificate intermediate = HeldCertificate.builder().commonName("unreachable intermediate")
                .certificateAuthority(true).extension(aia(base + "/ocsp")).extension(crlPoint(base + "/ca.crl"))
                .signedBy(ca).build();
        HeldCertificate bare = HeldCertificate.builder().commonName("localhost").addSubjectAlternativeName("localhost")
                .signedBy(intermediate).build();
        try (EchoServer server = EchoServer.start(EchoServer.builder(bare).host("127.0.0.1").port(0).build())) {
            Interop.CliRun strict = Interop.cli("client", "--host", "localhost", "--port",
                    String.valueOf(server.port()), "--cafile", caFile.toString(), "--check-revocation=strict", "-q");
            assertThat(strict.exitCode()).as(strict::toString).isEqualTo(27);
            assertThat(strict.err()).as(strict::toString).isEqualTo("tlsecho: cannot establish the revocation status "
                    + "of the server certificate CN=localhost (serial " + serial(bare) + "): it names no OCSP responder "
                    + "or CRL; server's intermediate certificate CN=unreachable intermediate (serial "
                    + serial(intermediate) + "): OCSP " + base + "/ocsp: connection refused, CRL " + base
                    + "/ca.crl: connection refused (strict revocation checking)\n");
        }
    }

    @Test
    void aSilentResponderTimesOutAndAMissingCrlIsNamedByItsStatus() throws Exception {
        // a socket that is listening but never accepts: the kernel completes the connection, nobody answers
        // and an HTTP server that has no CRL
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
        http.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http.start();
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            String ocsp = "http://127.0.0.1:" + silent.getLocalPort() + "/ocsp";
            String crl = "http://127.0.0.1:" + http.getAddress().getPort() + "/nothing.crl";
            HeldCertificate ca = HeldCertificate.builder().commonName("silent CA").certificateAuthority(true).build();
            HeldCertificate leaf = HeldCertificate.builder().commonName("localhost")
                    .addSubjectAlternativeName("localhost").extension(aia(ocsp)).extension(crlPoint(crl))
                    .signedBy(ca).build();
            RevocationPolicy strict = RevocationPolicy.builder().mode(RevocationPolicy.Mode.STRICT)
                    .timeout(Duration.ofSeconds(5)).build();
            try (EchoServer server = EchoServer.start(EchoServer.builder(leaf).host("127.0.0.1").port(0).build());
                 EchoClient client = EchoClient.create(EchoClientConfig.builder().host("localhost")
                         .port(server.port()).trust(ClientTrust.of(List.of(ca.certificate()), "the test's CA")
                                 .withRevocation(strict)).build())) {
                EchoException e = catchThrowableOfType(EchoException.class,
                        () -> client.exchange(List.of("hi".getBytes(StandardCharsets.UTF_8))));
                assertThat(e.kind()).isEqualTo(Failures.Kind.PEER_CERT_STATUS_UNKNOWN);
                assertThat(e.getMessage()).isEqualTo("cannot establish the revocation status of the server "
                        + "certificate CN=localhost (serial " + serial(leaf) + "): OCSP " + ocsp + ": no answer within "
                        + "5000 ms, CRL " + crl + ": HTTP 404 (strict revocation checking)");
            }
        } finally {
            http.stop(0);
        }
    }

    private Interop.CliRun client(String scenario, String... options) {
        // a generous timeout: the test bed's responder shares a loaded machine, and a slow answer is not the point
        List<String> args = new java.util.ArrayList<>(List.of("client", "--host", "localhost", "--port",
                ports.get(scenario).toString(), "--cafile", dir.resolve("ca.crt").toString(), "-q",
                "--revocation-timeout", "60s"));
        args.addAll(List.of(options));
        return Interop.cli(args.toArray(String[]::new));
    }

    private static String serial(HeldCertificate held) {
        return "0x" + held.certificate().getSerialNumber().toString(16);
    }

    private static Extension aia(String url) throws Exception {
        return new Extension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(
                new AccessDescription(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, url))).getEncoded());
    }

    private static Extension crlPoint(String url) throws Exception {
        GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url));
        return new Extension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(new DistributionPointName(names), null, null)}).getEncoded());
    }
}
