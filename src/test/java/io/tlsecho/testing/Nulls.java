package io.tlsecho.testing;

import java.util.Arrays;
import java.util.List;

/**
 * Refuses null arguments in the tests' command builders, so a missing value fails where it is
 * passed instead of reaching a child process as the word {@code null} (a null {@code @TempDir} once
 * became {@code --dir null}, and the child wrote its keys into the checkout).
 */
public final class Nulls {

    private Nulls() {
    }

    /** Returns {@code args} or fails naming {@code what} and the position of the first null in it. */
    public static <T> T[] refuse(String what, T[] args) {
        if (args == null) {
            throw new NullPointerException(what + " is null");
        }
        refuse(what, Arrays.asList(args));
        return args;
    }

    /** Returns {@code args} or fails naming {@code what} and the position of the first null in it. */
    public static <T, L extends List<T>> L refuse(String what, L args) {
        if (args == null) {
            throw new NullPointerException(what + " is null");
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) == null) {
                throw new NullPointerException(what + " has null at position " + i + " (after "
                        + args.subList(0, i) + ")");
            }
        }
        return args;
    }
}
