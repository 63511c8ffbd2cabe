package io.tlsecho.pki;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files named on the command line, turning I/O failures into {@link PkiException}s. */
final class PkiFiles {

    private PkiFiles() {}

    /**
     * Reads all bytes of {@code file}; {@code what} names the role of the file in messages,
     * e.g. "certificate file".
     */
    static byte[] read(Path file, String what) throws PkiException {
        if (Files.isDirectory(file)) {
            throw new PkiException(PkiException.Kind.UNREADABLE, what + " " + file + ": is a directory");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new PkiException(PkiException.Kind.FILE_NOT_FOUND, what + " " + file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new PkiException(PkiException.Kind.UNREADABLE, what + " " + file + ": permission denied", e);
        } catch (IOException e) {
            throw new PkiException(PkiException.Kind.UNREADABLE,
                    "cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code data} looks like PEM text (contains a "-----BEGIN " line). */
    static boolean looksLikePem(byte[] data) {
        String head = new String(data, 0, Math.min(data.length, 1 << 20), java.nio.charset.StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }
}
