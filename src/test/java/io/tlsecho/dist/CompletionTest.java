package io.tlsecho.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.PeerTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bash completion script (DistDocs, from the picocli model), sourced in a real bash and asked for completions. */
class CompletionTest {

    @Test
    @Timeout(60)
    void completesSubcommandsOptionsAndEnumValues(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("tlsecho");
        DistDocs.writeCompletion(script);
        assertThat(complete(script, "tlsecho se")).containsExactly("server");
        assertThat(complete(script, "tlsecho bench --mode ")).containsExactlyInAnyOrder(
                "pingpong", "session", "idle", "handshake");
        assertThat(complete(script, "tlsecho server --tls-version ")).containsExactlyInAnyOrder("1.2", "1.3");
        assertThat(complete(script, "tlsecho client --provider ")).containsExactlyInAnyOrder("openssl", "jdk");
        assertThat(complete(script, "tlsecho client --tls-v")).containsExactly("--tls-version");
        assertThat(complete(script, "tlsecho ")).contains("server", "client", "cert", "bench", "demo", "testbed");
    }

    /** What bash offers for {@code line} (the cursor at its end), as the completion function sets COMPREPLY. */
    private static List<String> complete(Path script, String line) throws Exception {
        // compopt only works inside a completion that bash itself started: a no-op here.
        String program = "source \"$1\"\ncompopt() { :; }\n"
                + "COMP_LINE=\"$2\"; COMP_POINT=${#COMP_LINE}\n"
                + "read -r -a COMP_WORDS <<< \"$COMP_LINE\"\n"
                + "[[ \"$COMP_LINE\" == *' ' ]] && COMP_WORDS+=('')\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "_complete_tlsecho tlsecho \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process p = new ProcessBuilder(PeerTools.require("bash").toString(), "-c", program, "bash",
                script.toString(), line).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash finished").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("bash: %s", out).isZero();
            return Arrays.stream(out.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
