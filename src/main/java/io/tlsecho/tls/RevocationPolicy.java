package io.tlsecho.tls;

import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.config.Settings;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a client checks that the server's certificates are not revoked (the stapled OCSP response, then OCSP,
 * then the CRL), and what it does when a source cannot be reached.
 *
 * @param mode off, soft (an unreachable source is a warning) or strict (it fails the connection)
 * @param timeout time allowed for each HTTP request to an OCSP responder or CRL distribution point
 */
public record RevocationPolicy(Mode mode, Duration timeout) {

    /** How revocation is checked. */
    public enum Mode {
        /** Not checked. */
        OFF,
        /** Checked; a source that cannot be reached is a warning, and the connection goes on. */
        SOFT,
        /** Checked; every certificate's status must be established, or the connection fails. */
        STRICT;

        /** The mode named {@code text} ({@code off}, {@code soft} or {@code strict}, any case). */
        public static Mode of(String text) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return m;
                }
            }
            throw new InvalidSettingException("checkRevocation", text, "soft, strict or off");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RevocationPolicy {
        Objects.requireNonNull(mode, "mode");
        Settings.requirePositive("revocationTimeout", timeout);
    }

    /** No checking. */
    public static RevocationPolicy off() {
        return builder().build();
    }

    /** Whether anything is checked. */
    public boolean enabled() {
        return mode != Mode.OFF;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fluent builder; each setter's Javadoc gives its default. */
    public static final class Builder {
        private Mode mode = Mode.OFF;
        private Duration timeout = Duration.ofSeconds(5);

        private Builder() {
        }

        /** Off, soft or strict. Default {@link Mode#OFF}. */
        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Time allowed for each request to an OCSP responder or a CRL distribution point. Default 5 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public RevocationPolicy build() {
            return new RevocationPolicy(mode, timeout);
        }
    }
}
