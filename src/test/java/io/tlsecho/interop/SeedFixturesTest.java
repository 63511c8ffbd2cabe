package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Proves the seed's Python server and client fixtures talk to each other over TLS, as in the seed's transcript. */
@Timeout(60)
class SeedFixturesTest {

    private static final Pattern STARTED = Pattern.compile("^main: starting up on (\\S*) port (\\d+)$");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void seedClientGetsTheSeedMessageEchoedBySeedServer() throws Exception {
        Path openssl = PeerTools.require("openssl");
        try (RunningProcess req = RunningProcess.start(List.of(openssl.toString(),
                "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "pymotw.key",
                "-x509", "-days", "365", "-out", "pymotw.crt", "-subj", "/CN=pymotw.com"), dir, Map.of())) {
            assertThat(req.awaitExit(WAIT)).as(req::describe).isZero();
        }

        String python = PeerTools.debianPython().toString();
        try (RunningProcess server = RunningProcess.start(List.of(python,
                PeerTools.seedScript("asyncio_echo_server.py").toString(),
                "--host", "localhost", "--port", "0", "--cert", "pymotw.crt", "--key", "pymotw.key"),
                dir, Map.of())) {
            Matcher started = server.waitForLine(STARTED, WAIT);
            int port = Integer.parseInt(started.group(2));

            try (RunningProcess client = RunningProcess.start(List.of(python,
                    PeerTools.seedScript("asyncio_echo_client.py").toString(),
                    "--host", "localhost", "--port", Integer.toString(port), "--cafile", "pymotw.crt"),
                    dir, Map.of())) {
                assertThat(client.awaitExit(WAIT)).as(client::describe).isZero();
                assertThat(client.stdout()).isEqualTo("This is the message. It will be sent in parts.");
                assertThat(client.stderr())
                        .contains("echo_client: sending b'This is the message. '")
                        .contains("echo_client: waiting for response")
                        .contains("echo_client: closing");
            }

            server.waitForLine(Pattern.compile("message terminated, closing connection$"), WAIT);
            server.terminate();  // SIGTERM: the server closes cleanly
            assertThat(server.awaitExit(WAIT)).as(server::describe).isZero();
            assertThat(server.stderr())
                    .contains("connection accepted")
                    .contains("main: closing server")
                    .contains("main: closing event loop");
        }
    }
}
