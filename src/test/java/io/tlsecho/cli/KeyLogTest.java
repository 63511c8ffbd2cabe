package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code SSLKEYLOGFILE}: the client says plainly that it cannot log keys, and works on. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyLogTest {

    @Test
    void clientWarnsThatNoKeysAreLoggedAndStillTalks(@TempDir Path dir) throws Exception {
        HeldCertificate cert = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
        Path crt = dir.resolve("s.crt");
        cert.writeTo(crt, dir.resolve("s.key"), false);
        Path keyLog = dir.resolve("keys.log");
        try (EchoServer server = EchoServer.start(EchoServer.builder(cert)
                .host("127.0.0.1").port(0).build())) {
            String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "io.tlsecho.cli.Main", "client", "--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                    "--cafile", crt.toString());
            pb.environment().put("SSLKEYLOGFILE", keyLog.toString());
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p = pb.start();
            String err = new String(p.getErrorStream().readAllBytes());

            assertThat(p.waitFor()).as(err).isZero();
            assertThat(err).contains("SSLKEYLOGFILE is set, but this build cannot log TLS keys")
                    .contains(keyLog.toString());
            assertThat(Files.exists(keyLog)).isFalse();
        }
    }
}
