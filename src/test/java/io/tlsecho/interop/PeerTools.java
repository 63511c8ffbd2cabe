package io.tlsecho.interop;

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

/** Locates the external peers (openssl, gnutls-cli, ncat, socat, python3) and seed fixture scripts that interop tests drive. */
public final class PeerTools {

    private static final Path DEBIAN_PYTHON = Paths.get("/usr/bin/python3");
    private static final Map<String, Path> SEED_SCRIPTS = new ConcurrentHashMap<>();

    private PeerTools() {
    }

    /**
     * Finds {@code tool} on PATH (then /usr/bin, /usr/sbin) or fails the test: interop peers are
     * required, never skipped.
     */
    public static Path require(String tool) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(Paths.get(dir));
                }
            }
        }
        dirs.add(Paths.get("/usr/bin"));
        dirs.add(Paths.get("/usr/sbin"));
        for (Path dir : dirs) {
            Path candidate = dir.resolve(tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("required tool " + tool + " is not installed; .ci/run installs it");
    }

    /** Debian's own Python ({@code /usr/bin/python3}), the only one that can import uvloop. */
    public static Path debianPython() {
        if (!Files.isExecutable(DEBIAN_PYTHON)) {
            throw new AssertionError("required tool " + DEBIAN_PYTHON + " is not installed; .ci/run installs it");
        }
        return DEBIAN_PYTHON;
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
