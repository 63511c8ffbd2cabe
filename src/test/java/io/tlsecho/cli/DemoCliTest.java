package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.log.Logging;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
}
