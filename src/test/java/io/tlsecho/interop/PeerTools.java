package io.tlsecho.interop;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds the external tools that tests drive, each from a Debian package that {@code ./test} installs
 * (test-packages.txt), and the seed fixture scripts. A missing tool fails the test with one line
 * naming its package: never a skip.
 */
public final class PeerTools {

    /** Each tool a test runs, and the Debian package that provides it (each one in test-packages.txt). */
    static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("openssl", "openssl"),
            Map.entry("gnutls-cli", "gnutls-bin"),
            Map.entry("gnutls-serv", "gnutls-bin"),
            Map.entry("certtool", "gnutls-bin"),
            Map.entry("ncat", "ncat"),
            Map.entry("socat", "socat"),
            Map.entry("python3", "python3"),
            Map.entry("go", "golang-go"),
            Map.entry("curl", "curl"),
            // the CI recipe of docs/testing-clients.md reads the test bed's manifest with it
            Map.entry("jq", "jq"),
            // the release build (src/dist/build.sh) and DistIT, which checks what it made
            Map.entry("tar", "tar"),
            Map.entry("unzip", "unzip"),
            Map.entry("strip", "binutils"),
            Map.entry("dpkg", "dpkg"),
            Map.entry("lintian", "lintian"),
            Map.entry("man", "man-db"),
            Map.entry("systemd-analyze", "systemd"),
            Map.entry("getent", "libc-bin"),
            Map.entry("unshare", "util-linux"),
            Map.entry("chroot", "coreutils"),
            Map.entry("hyperfine", "hyperfine"),
            Map.entry("prometheus", "prometheus"),
            Map.entry("promtool", "prometheus"),
            Map.entry("haproxy", "haproxy"),
            Map.entry("tshark", "tshark"),
            Map.entry("tcpdump", "tcpdump"),
            Map.entry("testssl", "testssl.sh"),
            Map.entry("setpriv", "util-linux"),
            Map.entry("prlimit", "util-linux"),
            Map.entry("kill", "procps"),
            Map.entry("git", "git"),
            Map.entry("env", "coreutils"),
            Map.entry("nohup", "coreutils"),
            Map.entry("asciidoctor", "asciidoctor"),
            Map.entry("bash", "bash"),
            Map.entry("h2load", "nghttp2-client"),
            Map.entry("chromium", "chromium"),
            Map.entry("certutil", "libnss3-tools"));

    /** Each Python module a test imports, and the Debian package that provides it. */
    static final Map<String, String> PYTHON_MODULES = Map.of("uvloop", "python3-uvloop",
            "matplotlib", "python3-matplotlib");

    private static final Path DEBIAN_PYTHON = Paths.get("/usr/bin/python3");
    private static final Map<String, Path> SEED_SCRIPTS = new ConcurrentHashMap<>();

    private PeerTools() {
    }

    /** Finds {@code tool} on PATH, then in /usr/bin and /usr/sbin, or fails the test naming its Debian package. */
    public static Path require(String tool) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(Paths.get(dir));
                }
            }
        }
        dirs.add(Paths.get("/usr/bin"));
        dirs.add(Paths.get("/usr/sbin"));
        return find(tool, dirs);
    }

    static Path find(String tool, List<Path> dirs) {
        String pkg = packageOf(tool);
        for (Path dir : dirs) {
            Path candidate = dir.resolve(tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new MissingTool(tool, pkg);
    }

    private static String packageOf(String tool) {
        String pkg = PACKAGES.get(tool);
        if (pkg == null) {
            throw new IllegalArgumentException("no Debian package known for " + tool
                    + ": add it to PeerTools.PACKAGES and to test-packages.txt");
        }
        return pkg;
    }

    /** Debian's own Python ({@code /usr/bin/python3}), the only one that can import Debian's uvloop. */
    public static Path debianPython() {
        String pkg = packageOf("python3");
        if (!Files.isExecutable(DEBIAN_PYTHON)) {
            throw new MissingTool(DEBIAN_PYTHON.toString(), pkg);
        }
        return DEBIAN_PYTHON;
    }

    /** Debian's Python, checked to import {@code module}, or fails the test naming the module's Debian package. */
    public static Path debianPythonWith(String module) {
        String pkg = PYTHON_MODULES.get(module);
        if (pkg == null) {
            throw new IllegalArgumentException("no Debian package known for Python module " + module
                    + ": add it to PeerTools.PYTHON_MODULES and to test-packages.txt");
        }
        Path python = debianPython();
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import " + module)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(python + " -c 'import " + module + "' did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new MissingTool("Python module " + module, pkg);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return python;
    }

    /**
     * A test's missing tool, as one line naming the Debian package to install: no stack trace, since
     * where the lookup happened tells nothing more.
     */
    static final class MissingTool extends AssertionError {

        MissingTool(String tool, String pkg) {
            super(tool + " is not installed: install the Debian package " + pkg + " (./test installs it)");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /**
     * The seed fixture script {@code name} (for example {@code asyncio_echo_server.py}) as a file
     * on disk: the classpath resource {@code /seed/<name>} itself, or a temporary copy of it.
     */
    public static Path seedScript(String name) {
        return SEED_SCRIPTS.computeIfAbsent(name, PeerTools::locateSeedScript);
    }

    private static Path locateSeedScript(String name) {
        String resource = "/seed/" + name;
        URL url = PeerTools.class.getResource(resource);
        if (url == null) {
            Path source = Paths.get("src/test/resources/seed", name).toAbsolutePath();
            if (Files.isRegularFile(source)) {
                return source;
            }
            throw new AssertionError("seed fixture " + resource + " is missing from the test classpath");
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Paths.get(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        try (InputStream in = url.openStream()) {
            Path dir = Files.createTempDirectory("tlsecho-seed");
            Path copy = dir.resolve(name);
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy seed fixture " + resource, e);
        }
    }
}
