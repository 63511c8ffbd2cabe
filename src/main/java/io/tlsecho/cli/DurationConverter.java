package io.tlsecho.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}; a bare number is seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String v = value.trim();
        try {
            if (v.endsWith("ms")) {
                long ms = Long.parseLong(v.substring(0, v.length() - 2));
                if (ms < 0) {
                    throw new TypeConversionException("'" + value + "' is negative (expected e.g. 500ms, 2s, 1m)");
                }
                return Duration.ofMillis(ms);
            }
            char unit = v.isEmpty() ? ' ' : v.charAt(v.length() - 1);
            String number = Character.isDigit(unit) ? v : v.substring(0, v.length() - 1);
            double n = Double.parseDouble(number);
            if (n < 0 || Double.isNaN(n)) {
                throw new TypeConversionException("'" + value + "' is negative (expected e.g. 500ms, 2s, 1m)");
            }
            double seconds = switch (unit) {
                case 's' -> n;
                case 'm' -> n * 60;
                case 'h' -> n * 3600;
                default -> {
                    if (!Character.isDigit(unit)) {
                        throw new TypeConversionException("'" + value + "' has an unknown unit (expected ms, s, m or h)");
                    }
                    yield n;
                }
            };
            return Duration.ofNanos(Math.round(seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a duration (expected e.g. 500ms, 2s, 1m)");
        }
    }
}
