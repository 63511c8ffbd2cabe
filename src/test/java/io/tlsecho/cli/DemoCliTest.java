package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.log.Logging;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code tlsecho demo}: the seed's conversation, printed as the seed's transcript. */
class DemoCliTest {

    @Test
    @Timeout(30)
    void printsTheSeedsTranscript() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun run;
        try {
            // The demo logs to whatever System.out is when it starts.
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            run = CliRun.of("demo");
        } finally {
            System.setOut(stdout);
            Logging.configure(Logging.Verbosity.NORMAL, System.err, false);
        }
        String transcript = captured.toString(StandardCharsets.UTF_8);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).isEmpty();
        assertThat(transcript)
                .containsPattern("(?m)^main: starting up on localhost port \\d+$")
                .containsPattern("(?m)^echo_client: connecting to localhost port \\d+$")
                .contains("echo_client: sending b'This is the message. '\n",
                        "echo_client: sending b'It will be sent '\n",
                        "echo_client: sending b'in parts.'\n",
                        "echo_client: waiting for response\n",
                        "echo_client: received b'This is the message. ",
                        "echo_client: closing\n",
                        "main: closing event loop\n")
                .containsPattern("(?m)^echo_127\\.0\\.0\\.1_\\d+: connection accepted$")
                .containsPattern("(?m)^echo_127\\.0\\.0\\.1_\\d+: received b'This is the message. ")
                .containsPattern("(?m)^echo_127\\.0\\.0\\.1_\\d+: sent b'This is the message. ")
                .containsPattern("(?m)^echo_127\\.0\\.0\\.1_\\d+: message terminated, closing connection$");
    }

    @Test
    @Timeout(60)
    void printsOnlyTheSeedsLinesEachPartyInTheSeedsOrder() {
        for (int run = 0; run < 3; run++) {
            List<String> lines = demo().lines().toList();
            List<String> main = party(lines, "main: ");
            List<String> server = party(lines, "echo_127.0.0.1_");
            List<String> client = party(lines, "echo_client: ");
            assertThat(main.size() + server.size() + client.size()).as("lines of no party: %s", lines)
                    .isEqualTo(lines.size());
            assertThat(lines.get(0)).matches("main: starting up on localhost port \\d+");
            assertThat(lines.get(lines.size() - 1)).isEqualTo("main: closing event loop");
            assertThat(main).hasSize(3).element(1).isEqualTo("main: closing server");

            // The server's story: accepted, then each read's received and sent, then the end; nothing else
            // (the ClientHello and session lines belong to server -v, not to the demo).
            List<String> said = server.stream().map(l -> l.substring(l.indexOf(": ") + 2)).toList();
            assertThat(said.get(0)).as(lines.toString()).isEqualTo("connection accepted");
            assertThat(said.get(said.size() - 1)).as(lines.toString()).isEqualTo("message terminated, closing connection");
            StringBuilder echoed = new StringBuilder();
            for (int i = 1; i < said.size() - 1; i += 2) {
                assertThat(said.get(i)).as(lines.toString()).startsWith("received b'");
                assertThat(said.get(i + 1)).as(lines.toString()).isEqualTo("sent" + said.get(i).substring("received".length()));
                echoed.append(said.get(i), "received b'".length(), said.get(i).length() - 1);
            }
            assertThat(echoed.toString()).isEqualTo("This is the message. It will be sent in parts.");

            // Across parties, what causes what: the client's echo ends when the server closes, after it said so; the
            // server's connection has ended before the server closes.
            int terminated = lines.indexOf(server.get(server.size() - 1));
            assertThat(terminated).as(lines.toString()).isLessThan(lines.indexOf("echo_client: closing"));
            assertThat(lines.indexOf("echo_client: closing")).as(lines.toString())
                    .isLessThan(lines.indexOf("main: closing server"));
        }
    }

    private static List<String> party(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).toList();
    }

    private static String demo() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        CliRun run;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            run = CliRun.of("demo");
        } finally {
            System.setOut(stdout);
            Logging.configure(Logging.Verbosity.NORMAL, System.err, false);
        }
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        return captured.toString(StandardCharsets.UTF_8);
    }
}
