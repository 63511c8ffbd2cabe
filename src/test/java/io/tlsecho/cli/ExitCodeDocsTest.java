package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/exit-codes.md and {@link ExitCode} list the same codes, so that neither drifts from the other. */
class ExitCodeDocsTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\|\\s*(\\d+)\\s*\\|\\s*(.*?)\\s*\\|\\s*$");

    @Test
    void everyExitCodeIsDocumentedAndEveryDocumentedCodeExists() throws Exception {
        Map<Integer, String> inCode = new TreeMap<>();
        for (Field f : ExitCode.class.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == int.class) {
                String previous = inCode.put(f.getInt(null), f.getName());
                assertThat(previous).as("exit code %s is both %s and %s", f.getInt(null), previous, f.getName()).isNull();
            }
        }
        Map<Integer, String> inDocs = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("docs/exit-codes.md"), StandardCharsets.UTF_8));
        while (row.find()) {
            String previous = inDocs.put(Integer.parseInt(row.group(1)), row.group(2));
            assertThat(previous).as("docs/exit-codes.md lists %s twice", row.group(1)).isNull();
            assertThat(row.group(2)).as("docs/exit-codes.md: the meaning of %s", row.group(1)).isNotBlank();
        }

        assertThat(inDocs.keySet()).as("codes in docs/exit-codes.md; ExitCode has %s", inCode)
                .containsExactlyElementsOf(inCode.keySet());
    }
}
