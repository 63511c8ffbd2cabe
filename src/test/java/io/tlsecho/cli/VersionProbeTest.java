package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tlsecho --version} where netty-tcnative is on {@code java.library.path} (the release, {@code ./tlsecho})
 * names the engine without Netty's {@code OpenSsl}, the JDK's TLS provider or logging, and says what the full path
 * says; where OpenSSL is turned off it says so as before.
 */
@Timeout(120)
class VersionProbeTest {

    private static final String LIBRARY = "META-INF/native/libnetty_tcnative_linux_x86_64.so";

    @Test
    void theProbeNamesTheEngineAsTheFullPathDoesAndLoadsNoTlsMachinery(@TempDir Path libs) throws Exception {
        unpackTcnative(libs);

        Result probed = version("-Djava.library.path=" + libs, "-verbose:class");
        Result full = version("-Djava.library.path=" + libs.resolve("nowhere"));

        assertThat(probed.code).as(probed.err).isZero();
        assertThat(engineLine(probed.out)).isEqualTo("TLS engine: openssl (BoringSSL, netty-tcnative)")
                .isEqualTo(engineLine(full.out));
        List<String> loaded = probed.out.lines().filter(l -> l.startsWith("[")).toList();
        assertThat(loaded).as("classes the probe loaded").anyMatch(l -> l.contains(" io.tlsecho.tls.EngineProbe "))
                .noneMatch(l -> l.contains(" io.netty.handler.ssl.OpenSsl "))
                .noneMatch(l -> l.contains(" sun.security.ssl."))
                .noneMatch(l -> l.contains(" ch.qos.logback."))
                .noneMatch(l -> l.contains(" picocli."));
    }

    @Test
    void withOpenSslTurnedOffTheProbeSaysTheJdkEngineAndWhy(@TempDir Path libs) throws Exception {
        unpackTcnative(libs);

        Result r = version("-Djava.library.path=" + libs, "-Dio.netty.handler.ssl.noOpenSsl=true");

        assertThat(r.code).as(r.err).isZero();
        assertThat(engineLine(r.out)).isEqualTo("TLS engine: jdk (SunJSSE; openssl unavailable: "
                + "OpenSSL was explicit disabled with -Dio.netty.handler.ssl.noOpenSsl=true)");
    }

    private static String engineLine(String out) {
        return out.lines().filter(l -> l.startsWith("TLS engine: ")).findFirst().orElse("(no TLS engine line)");
    }

    /** netty-tcnative's library, out of the jar on the test class path, as the release ships it in lib/native. */
    private static void unpackTcnative(Path dir) throws IOException {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            try (ZipFile jar = new ZipFile(entry)) {
                ZipEntry so = jar.getEntry(LIBRARY);
                if (so != null) {
                    try (InputStream in = jar.getInputStream(so)) {
                        Files.copy(in, dir.resolve("libnetty_tcnative_linux_x86_64.so"));
                    }
                    return;
                }
            }
        }
        throw new AssertionError("no jar on the class path holds " + LIBRARY);
    }

    private static Result version(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main", "--version"));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(err).isTrue();
            return new Result(p.exitValue(), out, err);
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    private record Result(int code, String out, String err) {}
}
