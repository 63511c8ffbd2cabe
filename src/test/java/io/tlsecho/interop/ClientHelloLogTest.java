package io.tlsecho.interop;

import static io.tlsecho.interop.Interop.WAIT;
import static io.tlsecho.interop.Interop.cmd;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code server -v --log-format json}: the ClientHello line carries the hello scenario's fields, with its names. */
@Timeout(120)
class ClientHelloLogTest {

    private static final List<String> FIELDS = List.of("ja4", "versions", "ciphers", "groups", "key_shares",
            "signature_algorithms", "alpn", "sni", "extensions");

    @TempDir
    Path dir;

    @Test
    void jsonLogLineHasTheClientHelloFields() {
        Interop.write(Interop.localhostCert("localhost"), dir, "server");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (RunningProcess server = RunningProcess.start(cmd(java, "-cp", System.getProperty("java.class.path"),
                "io.tlsecho.cli.Main", "server", "--host", "127.0.0.1", "--port", 0, "--cert", "server.crt",
                "--key", "server.key", "--log-format", "json", "-v"), dir, Map.of())) {
            int port = Interop.portFrom(server, Pattern.compile("port (\\d+)"));
            RunningProcess client = Interop.feed(dir, Interop.HELLO_NUL, cmd(PeerTools.require("openssl"), "s_client",
                    "-connect", "127.0.0.1:" + port, "-servername", "localhost", "-alpn", "h2,http/1.1",
                    "-groups", "X25519:P-256", "-CAfile", "server.crt", "-quiet"));
            assertThat(client.awaitExit(WAIT)).as(client::describe).isZero();
            Matcher line = server.waitForLine(Pattern.compile("^\\{.*\"ja4\":\"t13d.*$"), WAIT);
            String json = line.group();
            for (String field : FIELDS) {
                assertThat(json).as(json).contains("\"" + field + "\":");
            }
            assertThat(json).contains("\"alpn\":[\"h2\",\"http/1.1\"]", "\"sni\":\"localhost\"",
                    "\"groups\":[\"x25519\",\"secp256r1\"]", "\"message\":\"client hello: ja4 t13d");
            server.terminate();
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
        }
    }
}
