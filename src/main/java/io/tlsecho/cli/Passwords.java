package io.tlsecho.cli;

import io.tlsecho.log.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a password given on the command line or in a file (its first line). */
final class Passwords {

    private Passwords() {
    }

    static char[] of(String password, Path file, String fileOption) {
        if (password != null && file != null) {
            throw new UserException(ExitCode.USAGE, "give a password or " + fileOption + ", not both");
        }
        if (password != null) {
            return password.toCharArray();
        }
        if (file == null) {
            return null;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int eol = text.indexOf('\n');
            String line = eol < 0 ? text : text.substring(0, eol);
            return line.strip().toCharArray();
        } catch (NoSuchFileException e) {
            throw new UserException(ExitCode.FILE, fileOption + " " + file + ": no such file");
        } catch (IOException e) {
            throw new UserException(ExitCode.FILE, fileOption + " " + file + ": cannot read: " + Messages.of(e));
        }
    }
}
