package io.tlsecho.config;

import java.util.Objects;

/**
 * A setting given a value it does not accept, as data: which setting (the builder method's name, e.g.
 * {@code handshakeTimeout}), the value, and what it accepts. Libraries throw it; the CLI words it with the option the
 * user typed ({@code --handshake-timeout}), found from the setting's name.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String setting;
    private final String value;
    private final String expected;

    /**
     * @param setting the builder method's name, e.g. {@code handshakeTimeout}
     * @param value the value refused, as the user would write it
     * @param expected what is accepted, e.g. {@code > 0} or {@code 0-65535}
     */
    public InvalidSettingException(String setting, Object value, String expected) {
        super(setting + ": " + Settings.text(value) + " (expected: " + expected + ")");
        this.setting = Objects.requireNonNull(setting, "setting");
        this.value = Settings.text(value);
        this.expected = Objects.requireNonNull(expected, "expected");
    }

    /** The builder method's name, e.g. {@code handshakeTimeout}. */
    public String setting() {
        return setting;
    }

    /** The value refused, as text ({@code none} when absent). */
    public String value() {
        return value;
    }

    /** What the setting accepts, e.g. {@code > 0}. */
    public String expected() {
        return expected;
    }
}
