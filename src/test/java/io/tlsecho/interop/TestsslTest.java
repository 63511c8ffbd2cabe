package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.KeyType;
import io.tlsecho.server.EchoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * testssl.sh against the server's defaults, with an RSA-2048 and with an EC P-256 certificate:
 * nothing of severity LOW or worse, but for what the certificate itself lacks.
 */
@Timeout(600)
class TestsslTest {

    /** testssl's checks: protocols, cipher lists, forward secrecy, server preferences, server defaults, vulnerabilities. */
    private static final List<String> CHECKS = List.of("-p", "-s", "-f", "-P", "-S", "-U");

    /** Findings about the certificate, not the TLS setup: self-signed, no CRL or OCSP URI, no CAA record. */
    private static final Set<String> CERTIFICATE_FINDINGS = Set.of("cert_chain_of_trust", "cert_revocation",
            "DNS_CAArecord", "cert_subjectAltName");

    private static final Set<String> BAD = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    /**
     * Findings accepted word for word, each with its reason. TLS 1.3 tickets live for BoringSSL's fixed
     * SSL_DEFAULT_SESSION_PSK_DHE_TIMEOUT, two days (netty-tcnative sets only the TLS 1.2 session timeout); a TLS 1.3
     * resumption still runs (EC)DHE (psk_dhe_ke), so the ticket's lifetime does not weaken forward secrecy as a TLS 1.2
     * ticket's would. docs/tls.md says so. Any other lifetime, or any other finding, fails.
     */
    private static final Map<String, String> ACCEPTED = Map.of(
            "TLS_session_ticket", "valid for 172800 seconds (>daily)");

    private static final Pattern FINDING = Pattern.compile(
            "\"id\"\\s*:\\s*\"([^\"]*)\"[^}]*?\"severity\"\\s*:\\s*\"([^\"]*)\"[^}]*?\"finding\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path dir;

    @Test
    void defaultsPassTestsslWithRsaAndEcCertificates() throws Exception {
        Path testssl = PeerTools.require("testssl");
        Logger echo = (Logger) LoggerFactory.getLogger("echo");
        Level level = echo.getLevel();
        // Hundreds of probes, most of them refused on purpose: keep their log lines out of the report.
        echo.setLevel(Level.ERROR);
        try (EchoServer rsa = Interop.server(certificate(KeyType.RSA_2048), b -> b);
             EchoServer ec = Interop.server(certificate(KeyType.EC_P256), b -> b);
             // Both scans at once: each is mostly waiting on its own probes.
             RunningProcess rsaScan = scan(testssl, rsa, "rsa");
             RunningProcess ecScan = scan(testssl, ec, "ec")) {
            assertClean(rsaScan, "rsa");
            assertClean(ecScan, "ec");
        } finally {
            echo.setLevel(level);
        }
    }

    private static HeldCertificate certificate(KeyType type) {
        return HeldCertificate.builder().keyType(type).addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1").build();
    }

    private RunningProcess scan(Path testssl, EchoServer server, String name) {
        List<String> command = new ArrayList<>(List.of(testssl.toString(), "--quiet", "--warnings", "off",
                "--color", "0", "--nodns", "none", "--jsonfile", dir.resolve(name + ".json").toString()));
        command.addAll(CHECKS);
        command.add("127.0.0.1:" + server.port());
        return RunningProcess.start(command, dir, Map.of("TERM", "dumb"));
    }

    private void assertClean(RunningProcess scan, String name) throws Exception {
        scan.awaitExit(Duration.ofMinutes(8));
        Path json = dir.resolve(name + ".json");
        assertThat(json).as(scan::describe).exists();
        String text = Files.readString(json, StandardCharsets.UTF_8);
        List<String> findings = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Matcher m = FINDING.matcher(text);
        while (m.find()) {
            ids.add(m.group(1));
            boolean accepted = m.group(3).equals(ACCEPTED.get(m.group(1)));
            if (BAD.contains(m.group(2)) && !CERTIFICATE_FINDINGS.contains(m.group(1)) && !accepted) {
                findings.add(m.group(2) + " " + m.group(1) + ": " + m.group(3));
            }
        }
        // It scanned: the protocol and cipher-list checks reported.
        assertThat(ids).as(name + ": testssl's findings\n" + scan.describe()).contains("TLS1_3", "TLS1_2",
                "cipherlist_STRONG", "LUCKY13", "PFS");
        assertThat(findings).as(name + ": findings of LOW or worse").isEmpty();
    }
}
