package io.tlsecho.client;

import io.tlsecho.tls.Failures;

/** A conversation with the server failed before it could finish; the message says why. */
public final class EchoException extends Exception {

    private final Failures.Kind kind;

    public EchoException(Failures.Failure failure, Throwable cause) {
        super(failure.message(), cause);
        this.kind = failure.kind();
    }

    public Failures.Kind kind() {
        return kind;
    }
}
