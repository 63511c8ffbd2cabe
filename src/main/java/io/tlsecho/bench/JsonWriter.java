package io.tlsecho.bench;

import java.util.Locale;

/** Writes one JSON object by hand: names, strings, numbers and nested objects, nothing more. */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    private boolean first = true;

    JsonWriter begin() {
        out.append('{');
        first = true;
        return this;
    }

    JsonWriter end() {
        out.append('}');
        first = false;
        return this;
    }

    /** Starts a nested object under {@code name}; close it with {@link #end()}. */
    JsonWriter object(String name) {
        name(name);
        return begin();
    }

    JsonWriter field(String name, String value) {
        name(name);
        quote(value);
        return this;
    }

    JsonWriter field(String name, long value) {
        name(name);
        out.append(value);
        return this;
    }

    JsonWriter field(String name, double value) {
        name(name);
        out.append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
        return this;
    }

    JsonWriter field(String name, boolean value) {
        name(name);
        out.append(value);
        return this;
    }

    private void name(String name) {
        if (!first) {
            out.append(',');
        }
        first = false;
        quote(name);
        out.append(':');
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
