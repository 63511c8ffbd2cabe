package io.tlsecho.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.interop.PeerTools;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/** {@link CheckoutGuard} fails a class that adds, changes or removes a file outside target/, and only then. */
@Timeout(60)
class CheckoutGuardTest {

    @TempDir
    Path root;

    @Test
    void aFileLeftInTheCheckoutFailsTheClassNamingIt() throws Exception {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        CheckoutGuard guard = new CheckoutGuard(root);
        ExtensionContext context = context("LeakyTest");

        guard.beforeAll(context);
        Files.createDirectories(root.resolve("null"));
        Files.writeString(root.resolve("null/client.key"), "secret");

        assertThatThrownBy(() -> guard.afterAll(context)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("LeakyTest changed the checkout")
                .hasMessageContaining("added null/client.key");
    }

    @Test
    void buildOutputUnderTargetIsNotALeak() throws Exception {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        CheckoutGuard guard = new CheckoutGuard(root);
        ExtensionContext context = context("BuildingTest");

        guard.beforeAll(context);
        Files.createDirectories(root.resolve("target/surefire-reports"));
        Files.writeString(root.resolve("target/surefire-reports/TEST-x.xml"), "<testsuite/>");

        guard.afterAll(context);
    }

    @Test
    void changedAndRemovedFilesAreNamed() throws IOException {
        Files.writeString(root.resolve("README.md"), "one");
        Files.writeString(root.resolve("tlsecho.crt"), "cert");
        Map<String, String> before = CheckoutGuard.snapshot(root);

        Files.writeString(root.resolve("README.md"), "two!");
        Files.delete(root.resolve("tlsecho.crt"));

        Map<String, String> changes = CheckoutGuard.changes(before, CheckoutGuard.snapshot(root));
        assertThat(changes).containsOnlyKeys("README.md", "tlsecho.crt");
        assertThat(changes.get("README.md")).startsWith("changed README.md (3 bytes, modified ").contains(" → 4 bytes");
        assertThat(changes.get("tlsecho.crt")).isEqualTo("removed tlsecho.crt");
    }

    @Test
    void aFileAsGitHeadHasItIsAMergeNotALeak() throws Exception {
        git("init", "-q");
        Files.writeString(root.resolve(".gitignore"), "/tlsecho.crt\n");
        Files.writeString(root.resolve("README.md"), "one");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "one");
        Files.setLastModifiedTime(root.resolve("README.md"), FileTime.from(Instant.now().plusSeconds(5)));
        Files.writeString(root.resolve("tlsecho.crt"), "ignored, but a leak all the same");
        Files.writeString(root.resolve("notes.txt"), "untracked");

        assertThat(CheckoutGuard.matchesGitHead(root, "README.md")).isTrue();
        assertThat(CheckoutGuard.matchesGitHead(root, "tlsecho.crt")).isFalse();
        assertThat(CheckoutGuard.matchesGitHead(root, "notes.txt")).isFalse();
        Files.writeString(root.resolve("README.md"), "changed by a test");
        assertThat(CheckoutGuard.matchesGitHead(root, "README.md")).isFalse();
    }

    private void git(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(PeerTools.require("git").toString(), "-C", root.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(command + "\n" + out).isZero();
    }

    /** An extension context with a working store and a display name, all this extension uses. */
    private static ExtensionContext context(String name) {
        Map<Object, Object> values = new HashMap<>();
        ExtensionContext.Store store = (ExtensionContext.Store) Proxy.newProxyInstance(
                CheckoutGuardTest.class.getClassLoader(), new Class<?>[] {ExtensionContext.Store.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "put" -> values.put(args[0], args[1]);
                    case "remove" -> values.remove(args[0]);
                    case "get" -> values.get(args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ExtensionContext) Proxy.newProxyInstance(CheckoutGuardTest.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getStore" -> store;
                    case "getDisplayName" -> name;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
