package io.tlsecho.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import io.tlsecho.json.Json;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line: {@code time}, {@code level}, {@code logger}, {@code message}; for
 * connection events the {@link ConnectionFields}; then the event's own key-values.
 */
public final class JsonLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private volatile boolean stackTraces;

    public void setStackTraces(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", TIME.format(event.getInstant()));
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("message", event.getFormattedMessage());
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (ConnectionLog.NAME_KEY.equals(pair.key)) {
                    line.put("logger", String.valueOf(pair.value));
                } else if (ConnectionLog.FIELDS_KEY.equals(pair.key) && pair.value instanceof ConnectionFields f) {
                    line.putAll(f.asMap());
                } else {
                    line.put(pair.key, value(pair.value));
                }
            }
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.put("error", thrown.getClassName() + ": " + thrown.getMessage());
            if (stackTraces) {
                line.put("stack_trace", ThrowableProxyUtil.asString(thrown));
            }
        }
        return Json.write(line) + CoreConstants.LINE_SEPARATOR;
    }

    /** Numbers, booleans, lists and maps stay themselves; anything else is its string. */
    private static Object value(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String
                || v instanceof List<?> || v instanceof Map<?, ?>) {
            return v;
        }
        return v.toString();
    }
}
