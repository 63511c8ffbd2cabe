package io.tlsecho.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** One JSON object per event: fixed fields first, connection fields, then the event's own key-values with their types. */
class JsonLayoutTest {

    private final LoggerContext context = new LoggerContext();

    private String layout(LoggingEvent event, boolean stackTraces) {
        JsonLayout json = new JsonLayout();
        json.setContext(context);
        json.setStackTraces(stackTraces);
        json.start();
        return json.doLayout(event);
    }

    private LoggingEvent event(String logger, Level level, String message, Throwable thrown) {
        LoggingEvent e = new LoggingEvent("test", context.getLogger(logger), level, message, thrown, null);
        e.setInstant(Instant.parse("2026-11-26T09:30:00.123456Z"));
        return e;
    }

    @Test
    void plainEventHasTimeLevelLoggerMessage() {
        String line = layout(event("main", Level.INFO, "starting up on localhost port 10000", null), false);
        assertThat(line).isEqualTo("{\"time\":\"2026-11-26T09:30:00.123Z\",\"level\":\"INFO\",\"logger\":\"main\","
                + "\"message\":\"starting up on localhost port 10000\"}\n");
    }

    @Test
    void connectionEventCarriesItsNameFieldsAndKeyValuesWithTheirTypes() {
        ConnectionFields fields = new ConnectionFields("echo_192.0.2.7_5555", "192.0.2.7:5555")
                .proxiedBy("127.0.0.1:40000")
                .session("localhost", null, "TLSv1.3", "TLS_AES_128_GCM_SHA256", "X25519", true, null);
        LoggingEvent e = event("echo.summary", Level.INFO, "connection closed", null);
        e.addKeyValuePair(new KeyValuePair(ConnectionLog.NAME_KEY, fields.name()));
        e.addKeyValuePair(new KeyValuePair(ConnectionLog.FIELDS_KEY, fields));
        e.addKeyValuePair(new KeyValuePair("bytes_received", 47L));
        e.addKeyValuePair(new KeyValuePair("duration_ms", 12.5));
        e.addKeyValuePair(new KeyValuePair("versions", List.of("TLSv1.3", "TLSv1.2")));
        e.addKeyValuePair(new KeyValuePair("extensions", Map.of("sni", 0)));
        e.addKeyValuePair(new KeyValuePair("when", Instant.EPOCH));
        assertThat(layout(e, false)).isEqualTo("{\"time\":\"2026-11-26T09:30:00.123Z\",\"level\":\"INFO\","
                + "\"logger\":\"echo_192.0.2.7_5555\",\"message\":\"connection closed\",\"peer\":\"192.0.2.7:5555\","
                + "\"proxied_by\":\"127.0.0.1:40000\",\"sni\":\"localhost\",\"alpn\":null,\"protocol\":\"TLSv1.3\","
                + "\"cipher\":\"TLS_AES_128_GCM_SHA256\",\"group\":\"X25519\",\"resumed\":true,\"client_subject\":null,"
                + "\"bytes_received\":47,\"duration_ms\":12.5,\"versions\":[\"TLSv1.3\",\"TLSv1.2\"],"
                + "\"extensions\":{\"sni\":0},\"when\":\"1970-01-01T00:00:00Z\"}\n");
    }

    @Test
    void messagesWithQuotesBackslashesAndControlBytesStayOneLine() {
        String line = layout(event("echo", Level.DEBUG, "received b'a\\x00\"b\"'\nsecond line\t", null), false);
        assertThat(line).isEqualTo("{\"time\":\"2026-11-26T09:30:00.123Z\",\"level\":\"DEBUG\",\"logger\":\"echo\","
                + "\"message\":\"received b'a\\\\x00\\\"b\\\"'\\nsecond line\\t\"}\n");
        assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }

    @Test
    void anErrorGivesItsClassAndMessageAndItsStackOnlyWhenAsked() {
        IllegalStateException thrown = new IllegalStateException("boom");
        assertThat(layout(event("main", Level.ERROR, "failed", thrown), false))
                .endsWith(",\"error\":\"java.lang.IllegalStateException: boom\"}\n");
        assertThat(layout(event("main", Level.ERROR, "failed", thrown), true))
                .contains("\"stack_trace\":\"java.lang.IllegalStateException: boom\\n\\tat ");
    }
}
