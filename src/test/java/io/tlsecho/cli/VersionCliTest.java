package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.PeerTools;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.AdminServer;
import io.tlsecho.server.AdminTestSupport;
import io.tlsecho.server.EchoServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code tlsecho --version}: the pom's version, the commit checked out, the runtime and the TLS engine, as /status and /metrics say. */
class VersionCliTest {

    @Test
    @Timeout(60)
    void versionNamesTheBuildTheRuntimeAndTheEngine() throws Exception {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("tlsecho " + pomVersion());
        assertThat(lines.get(1)).startsWith("commit:     " + git("rev-parse", "--short=12", "HEAD"));
        assertThat(lines.get(2)).isEqualTo("runtime:    " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.home") + ")");
        // The native engine loads here (NativeUnavailableTest covers the fallback's wording).
        assertThat(lines.get(3)).isEqualTo("TLS engine: openssl (BoringSSL, netty-tcnative)");
        assertThat(CliRun.of("-V").out()).isEqualTo(run.out());
    }

    @Test
    @Timeout(60)
    void mainsShortcutPrintsWhatPicocliPrintsAndOnlyForTheVersionOptionAlone() throws Exception {
        String picocli = CliRun.of("--version").out();
        for (String option : List.of("--version", "-V")) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            assertThat(Main.printedVersion(new String[] {option}, new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8)))
                    .as(option).isTrue();
            assertThat(bytes.toString(StandardCharsets.UTF_8)).as(option).isEqualTo(picocli);
        }
        java.io.ByteArrayOutputStream none = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(none, true, StandardCharsets.UTF_8);
        for (String[] args : List.of(new String[0], new String[] {"client", "--version"},
                new String[] {"--version", "--help"}, new String[] {"--versions"})) {
            assertThat(Main.printedVersion(args, out)).as(String.join(" ", args)).isFalse();
        }
        assertThat(none.size()).isZero();
    }

    @Test
    @Timeout(60)
    void statusAndBuildInfoReportTheVersionThatVersionPrints() throws Exception {
        String version = pomVersion();
        HeldCertificate cert = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
        try (EchoServer server = EchoServer.start(EchoServer.builder(cert).host("127.0.0.1").port(0).build());
             AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), server)) {
            assertThat(AdminTestSupport.get(admin.address(), "/status").body())
                    .startsWith("{\"version\":\"" + version + "\",");
            assertThat(AdminTestSupport.get(admin.address(), "/metrics").body())
                    .containsPattern("tlsecho_build_info\\{[^}]*version=\"" + Pattern.quote(version) + "\"");
        }
    }

    /** The project's version as pom.xml states it (the first version element after the artifactId). */
    private static String pomVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<artifactId>tlsecho</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).as("pom.xml's project version").isTrue();
        return m.group(1);
    }

    private static String git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PeerTools.require("git").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("git finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(p.exitValue()).as("git %s: %s", args, out).isZero();
            return out;
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
