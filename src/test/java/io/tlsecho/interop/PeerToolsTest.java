package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerToolsTest {

    @TempDir
    Path empty;

    @Test
    void aMissingToolFailsWithOneLineNamingItsDebianPackage() {
        Throwable missing = catchMissing(() -> PeerTools.find("gnutls-cli", List.of(empty)));

        assertThat(missing).isInstanceOf(AssertionError.class);
        assertThat(printed(missing)).isEqualTo(
                "gnutls-cli is not installed: install the Debian package gnutls-bin (./test installs it)"
                        + System.lineSeparator());
    }

    @Test
    void aToolOnTheSearchPathIsFound() throws Exception {
        Path tool = Files.createFile(empty.resolve("socat"));
        assertThat(tool.toFile().setExecutable(true)).isTrue();

        assertThat(PeerTools.find("socat", List.of(empty.resolve("nothing-here"), empty))).isEqualTo(tool);
    }

    @Test
    void aToolWithoutAKnownPackageIsATestBug() {
        assertThatThrownBy(() -> PeerTools.find("no-such-tool", List.of(empty)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no Debian package known for no-such-tool: add it to PeerTools.PACKAGES and to "
                        + "test-packages.txt");
    }

    @Test
    void everyPackageOfATestToolIsInstalledByTheTestCommand() throws Exception {
        List<String> listed;
        try (Stream<String> lines = Files.lines(Paths.get("test-packages.txt"))) {
            listed = lines.map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty())
                    .collect(Collectors.toList());
        }

        assertThat(listed).containsAll(PeerTools.PACKAGES.values()).containsAll(PeerTools.PYTHON_MODULES.values());
    }

    @Test
    void theToolsOfThisMachineAreInstalled() {
        for (String tool : PeerTools.PACKAGES.keySet()) {
            assertThat(PeerTools.require(tool)).isExecutable();
        }
        assertThat(PeerTools.debianPythonWith("uvloop")).isExecutable();
    }

    private static Throwable catchMissing(Runnable lookup) {
        try {
            lookup.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("the lookup found a tool in an empty directory");
    }

    /** What a test report prints for {@code t}: its trace. */
    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
