package io.tlsecho.tls;

import io.tlsecho.config.Settings;
import java.io.IOException;
import java.time.Duration;

/** The peer sent nothing for longer than the read timeout allows, while we waited for it. */
public final class NoAnswerException extends IOException {

    /** {@code when} says what we were waiting for, e.g. "while we waited for the echo". */
    public NoAnswerException(Duration timeout, String when) {
        super("no answer for " + Settings.duration(timeout) + " " + when);
    }
}
