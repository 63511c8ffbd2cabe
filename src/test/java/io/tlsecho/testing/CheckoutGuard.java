package io.tlsecho.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaves a file in the checkout: before the class runs it lists every file
 * under the project root (size and modification time, ignored files included, {@code target/} and
 * {@code .git} left out) and after it lists them again; a file added, changed or removed fails the
 * class with its path, unless git says the file is as HEAD has it (a merge landed while the tests
 * ran). Registered for every test class through {@code META-INF/services} and
 * {@code junit-platform.properties}; tests write to temporary directories only.
 */
public final class CheckoutGuard implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CheckoutGuard.class);

    private final Path root;

    /** Guards the project whose {@code target/test-classes} holds this class. */
    public CheckoutGuard() {
        this(projectRoot());
    }

    CheckoutGuard(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put(root, snapshot(root));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        Map<String, String> before = context.getStore(NAMESPACE).remove(root, Map.class);
        if (before == null) {
            return;
        }
        List<String> changes = changes(before, snapshot(root)).entrySet().stream()
                .filter(change -> !matchesGitHead(root, change.getKey()))
                .map(Map.Entry::getValue).toList();
        if (!changes.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " changed the checkout " + root
                    + " (tests write to temporary directories only): " + String.join(", ", changes)
                    + " (files you edited while the tests ran show here too: run the class again)");
        }
    }

    /** Every file under {@code root} but {@code target/} and {@code .git}, relative path to size and modification time. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    Path relative = root.relativize(dir);
                    boolean skipped = relative.equals(Path.of("target")) || relative.equals(Path.of(".git"));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    Path relative = root.relativize(file);
                    if (!relative.equals(Path.of(".git"))) {
                        files.put(relative.toString(), attrs.size() + " bytes, modified " + attrs.lastModifiedTime());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // A file that vanished while the walk ran is simply not listed.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        return files;
    }

    /** The files added, changed or removed between two snapshots: each path with a phrase saying what happened. */
    static Map<String, String> changes(Map<String, String> before, Map<String, String> after) {
        Map<String, String> changes = new TreeMap<>();
        after.forEach((path, now) -> {
            String then = before.get(path);
            if (then == null) {
                changes.put(path, "added " + path);
            } else if (!then.equals(now)) {
                changes.put(path, "changed " + path + " (" + then + " → " + now + ")");
            }
        });
        before.keySet().stream().filter(path -> !after.containsKey(path))
                .forEach(path -> changes.put(path, "removed " + path));
        return changes;
    }

    /**
     * Whether git sees {@code path} exactly as its HEAD has it (tracked and unchanged, or gone from both): then the
     * change came from a checkout or merge while the tests ran, not from a test. False when git cannot tell.
     */
    static boolean matchesGitHead(Path root, String path) {
        try {
            Process git = new ProcessBuilder("git", "-C", root.toString(), "status", "--porcelain", "--ignored",
                    "--untracked-files=all", "--", ":(literal)" + path)
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!git.waitFor(30, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return false;
            }
            return git.exitValue() == 0 && out.isBlank() && tracked(root, path) == Files.exists(root.resolve(path));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean tracked(Path root, String path) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "-C", root.toString(), "ls-files", "--error-unmatch", "--",
                ":(literal)" + path).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0;
    }

    private static Path projectRoot() {
        try {
            Path classes = Path.of(CheckoutGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // target/test-classes → the project root
            Path root = classes.getParent().getParent();
            if (!Files.isRegularFile(root.resolve("pom.xml"))) {
                throw new IllegalStateException("no pom.xml in " + root + ", two levels above " + classes);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
