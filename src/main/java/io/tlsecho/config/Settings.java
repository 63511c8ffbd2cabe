package io.tlsecho.config;

import java.time.Duration;

/**
 * Checks for builders' compact constructors: each throws {@link InvalidSettingException} naming the setting, so the
 * CLI can name the option. Durations read as a user types them ({@code 10s}, {@code 250ms}), never {@code PT10S}.
 */
public final class Settings {

    private Settings() {
    }

    /** {@code d} must be more than zero. */
    public static Duration requirePositive(String setting, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new InvalidSettingException(setting, d, "> 0");
        }
        return d;
    }

    /** {@code d} must not be negative; zero is allowed (and means what the setting's Javadoc says). */
    public static Duration requireNotNegative(String setting, Duration d) {
        if (d == null || d.isNegative()) {
            throw new InvalidSettingException(setting, d, ">= 0");
        }
        return d;
    }

    /** {@code value} must be within {@code [min, max]}. */
    public static int requireRange(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            String expected = max == Integer.MAX_VALUE ? ">= " + min : min + "-" + max;
            throw new InvalidSettingException(setting, value, expected);
        }
        return value;
    }

    /** {@code value} must be present. */
    public static <T> T requirePresent(String setting, T value) {
        if (value == null) {
            throw new InvalidSettingException(setting, null, "a value");
        }
        return value;
    }

    /** A value as a user would type it: durations as {@code 10s}, {@code 250ms}; absent as {@code none}. */
    public static String text(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Duration d) {
            return duration(d);
        }
        return String.valueOf(value);
    }

    /** {@code 10s}, {@code 1500ms}, {@code 2m}, {@code 0}: the form the CLI's duration options accept. */
    public static String duration(Duration d) {
        if (d.isZero()) {
            return "0";
        }
        long ms = d.toMillis();
        if (d.isNegative()) {
            return "-" + duration(d.negated());
        }
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        if (d.toNanos() % 1_000_000 == 0) {
            return ms + "ms";
        }
        return java.math.BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }
}
