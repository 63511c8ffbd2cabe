package io.tlsecho.log;

import java.util.Locale;

/** What a user reads for an exception: its message, or its kind in words when it has none (never "null"). */
public final class Messages {

    private Messages() {
    }

    /**
     * The exception's message when it has one; otherwise its class name in words, e.g.
     * {@code ClosedChannelException} reads "closed channel".
     */
    public static String of(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        if (message != null && !message.isBlank()) {
            return message;
        }
        String name = t.getClass().getSimpleName().replaceAll("(Exception|Error)$", "");
        if (name.isEmpty()) {
            return "unknown error";
        }
        if (name.equals(name.toUpperCase(Locale.ROOT))) {
            // An acronym: IOException reads "I/O error", SSLException "SSL error".
            return (name.equals("IO") ? "I/O" : name) + " error";
        }
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
