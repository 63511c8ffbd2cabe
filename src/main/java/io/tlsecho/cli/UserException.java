package io.tlsecho.cli;

import io.tlsecho.client.EchoException;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.pki.PkiException;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.tls.PeerCertificateException;
import java.util.Locale;
import java.util.Map;

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

    /** A setting the library refused, worded with the option the user typed: {@code --handshake-timeout: 0 (expected: > 0)}. */
    static UserException of(InvalidSettingException e) {
        return new UserException(ExitCode.USAGE, option(e.setting()) + ": " + e.value() + " (expected: " + e.expected()
                + ")", e);
    }

    /** The option of a builder setting: {@code handshakeTimeout} → {@code --handshake-timeout}. */
    static String option(String setting) {
        return "--" + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    static UserException of(PkiException e) {
        return new UserException(ExitCode.of(e.kind()), e.getMessage(), e);
    }

    /** {@code e}, and for a missing or wrong password the options that give it ({@code passwordOptions}). */
    static UserException of(PkiException e, String passwordOptions) {
        String hint = e.kind() == PkiException.Kind.BAD_PASSWORD ? " (give " + passwordOptions + ")" : "";
        return new UserException(ExitCode.of(e.kind()), e.getMessage() + hint, e);
    }

    static UserException of(EchoException e) {
        return new UserException(ExitCode.of(e.kind()), e.getMessage() + hint(e), e);
    }

    /** What to do about a refused server certificate, in the client's options; empty for anything else. */
    private static String hint(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PeerCertificateException p) {
                return switch (p.remedy()) {
                    case TRUST_CERTIFICATE -> "; pass --cafile with it to trust it";
                    case TRUST_ROOT -> "; pass --cafile with that root's certificate";
                    case TRUST_ISSUER -> "; pass --cafile with that CA's certificate";
                    case TRUST_ISSUER_OR_SEND_INTERMEDIATE -> "; pass --cafile with that CA's certificate, or have "
                            + "the server send its intermediate";
                    case USE_ITS_NAME -> "; connect by one of them, or pass --no-verify-hostname";
                    case NONE -> "";
                };
            }
        }
        return "";
    }

    /**
     * A setting the library refused, worded with the option the user typed: {@code handshakeTimeout} is
     * {@code --handshake-timeout}, unless {@code renamed} maps the setting to another option.
     */
    static UserException of(InvalidSettingException e, Map<String, String> renamed) {
        String option = renamed.getOrDefault(e.setting(), "--" + e.setting().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT));
        return new UserException(ExitCode.USAGE, option + ": " + e.value() + " (expected: " + e.expected() + ")", e);
    }

    /** The start failure; key material that failed to load exits with its own code (FILE, KEY, dates). */
    static UserException of(ServerStartException e) {
        if (e.getCause() instanceof PkiException pki) {
            boolean dates = pki.kind() == PkiException.Kind.EXPIRED || pki.kind() == PkiException.Kind.NOT_YET_VALID;
            String hint = dates ? " (--allow-expired starts anyway)"
                    : pki.kind() == PkiException.Kind.BAD_PASSWORD ? " (give " + KeyMaterialOptions.PASSWORD_OPTIONS
                    + "; --key-password opens the --sni keys too)" : "";
            return new UserException(ExitCode.of(pki.kind()), pki.getMessage() + hint, e);
        }
        return new UserException(ExitCode.of(e.reason()), e.getMessage(), e);
    }
}
