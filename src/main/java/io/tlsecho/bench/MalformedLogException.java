package io.tlsecho.bench;

import java.nio.file.Path;

/** A file given as an HdrHistogram interval log is not one; the message names the file and the line. */
public final class MalformedLogException extends Exception {

    MalformedLogException(Path file, int line, String what) {
        super(file + (line > 0 ? " line " + line : "") + ": " + what);
    }

    MalformedLogException(Path file, int line, String what, Throwable cause) {
        super(file + (line > 0 ? " line " + line : "") + ": " + what, cause);
    }
}
