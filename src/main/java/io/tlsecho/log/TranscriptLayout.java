package io.tlsecho.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/** The seed's log format, {@code name: message}, with stack traces only in debug mode. */
public final class TranscriptLayout extends LayoutBase<ILoggingEvent> {

    private volatile boolean stackTraces;

    public void setStackTraces(boolean stackTraces) {
        this.stackTraces = stackTraces;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder sb = new StringBuilder(128)
                .append(displayName(event)).append(": ").append(event.getFormattedMessage())
                .append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null && stackTraces) {
            sb.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
        }
        return sb.toString();
    }

    private static String displayName(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (ConnectionLog.NAME_KEY.equals(pair.key)) {
                    return String.valueOf(pair.value);
                }
            }
        }
        return event.getLoggerName();
    }
}
