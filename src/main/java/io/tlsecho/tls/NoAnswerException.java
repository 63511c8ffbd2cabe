package io.tlsecho.tls;

import java.io.IOException;

/** The peer sent nothing for longer than the read timeout allows. */
public final class NoAnswerException extends IOException {

    /** {@code when} says what we were waiting for, e.g. "while waiting for the echo". */
    public NoAnswerException(String when) {
        super("no answer " + when);
    }
}
