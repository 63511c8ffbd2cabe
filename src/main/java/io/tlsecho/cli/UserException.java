package io.tlsecho.cli;

import io.tlsecho.client.EchoException;
import io.tlsecho.pki.PkiException;
import io.tlsecho.server.ServerStartException;

/** A failure the user can act on: printed as one line, exits with its own code. */
public final class UserException extends RuntimeException {

    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    static UserException of(PkiException e) {
        return new UserException(ExitCode.of(e.kind()), e.getMessage(), e);
    }

    static UserException of(EchoException e) {
        return new UserException(ExitCode.of(e.kind()), e.getMessage(), e);
    }

    static UserException of(ServerStartException e) {
        return new UserException(ExitCode.of(e.reason()), e.getMessage(), e);
    }
}
