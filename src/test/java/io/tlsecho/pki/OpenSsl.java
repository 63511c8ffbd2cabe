package io.tlsecho.pki;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.PeerTools;
import io.tlsecho.testing.Nulls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs openssl for tests; a missing openssl fails the test rather than skipping it. */
final class OpenSsl {

    private OpenSsl() {}

    /** Runs openssl with {@code args} in {@code dir}, asserts exit code 0 and returns stdout+stderr. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        Result result = exec(dir, args);
        assertThat(result.exitCode).as("openssl %s\n%s", String.join(" ", args), result.output).isZero();
        return result.output;
    }

    static Result exec(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PeerTools.require("openssl").toString());
        command.addAll(List.of(Nulls.refuse("openssl arguments", args)));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file;
    }

    record Result(int exitCode, String output) {}
}
