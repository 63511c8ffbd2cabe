package io.tlsecho.server;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tlsecho.log.ConnectionLog;
import io.tlsecho.robust.Fixtures;
import java.time.Duration;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/** Captures the server's per-connection log as the transcript shows it: {@code echo_127.0.0.1_5555: message}. */
final class ConnectionLogCapture implements AutoCloseable {

    private final Fixtures.LogCapture capture = new Fixtures.LogCapture(EchoServerInitializer.LOGGER);

    /** The lines so far. */
    List<String> lines() {
        return capture.events().stream().map(ConnectionLogCapture::line).toList();
    }

    /** Waits up to 10 s for a line containing {@code text}, and returns it. */
    String await(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no log line containing \"" + text + "\" in " + lines());
    }

    private static String line(ILoggingEvent e) {
        String name = e.getLoggerName();
        List<KeyValuePair> pairs = e.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair kv : pairs) {
                if (ConnectionLog.NAME_KEY.equals(kv.key)) {
                    name = String.valueOf(kv.value);
                }
            }
        }
        return name + ": " + e.getFormattedMessage();
    }

    @Override
    public void close() {
        capture.close();
    }
}
