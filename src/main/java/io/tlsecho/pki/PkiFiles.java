package io.tlsecho.pki;

import io.tlsecho.log.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads and writes the files named on the command line, turning I/O failures into {@link PkiException}s. */
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
                    "cannot read " + what + " " + file + ": " + Messages.of(e), e);
        }
    }

    /** Whether {@code data} looks like PEM text (contains a "-----BEGIN " line). */
    static boolean looksLikePem(byte[] data) {
        String head = new String(data, 0, Math.min(data.length, 1 << 20), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    /**
     * Writes {@code content} to {@code file}, creating parent directories; a {@code secret} file is created
     * with mode 0600 where POSIX modes are supported. Without {@code force} an existing file is an error.
     */
    static void write(Path file, String content, boolean force, boolean secret) throws PkiException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                try {
                    Files.createDirectories(parent);
                } catch (FileAlreadyExistsException e) {
                    throw new PkiException(PkiException.Kind.UNWRITABLE, "cannot write " + file + ": " + parent
                            + " is not a directory", e);
                }
            }
            boolean posix = parent != null && Files.getFileStore(parent).supportsFileAttributeView("posix");
            if (force && secret && posix) {
                Files.deleteIfExists(file); // so that the new file is created with the restricted mode
            }
            Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.WRITE,
                    force ? StandardOpenOption.CREATE : StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.TRUNCATE_EXISTING);
            FileAttribute<?>[] attributes = secret && posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                    : new FileAttribute<?>[0];
            try (OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, options, attributes))) {
                out.write(content.getBytes(StandardCharsets.US_ASCII));
            }
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException ? "permission denied" : Messages.of(e);
            throw new PkiException(PkiException.Kind.UNWRITABLE, "cannot write " + file + ": " + reason, e);
        }
    }

    static PkiException exists(Path file) {
        return new PkiException(PkiException.Kind.EXISTS, file + " exists");
    }
}
