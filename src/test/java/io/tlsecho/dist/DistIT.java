package io.tlsecho.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.PeerTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the release build made before this runs (mvn verify: src/dist/build.sh, then Jib, at pre-integration-test):
 * the archive runs with the system's JDKs hidden, the Debian package passes lintian, installs, works and removes
 * cleanly, and the OCI image's layers, unpacked in order, run the entrypoint in a chroot. Runs as root.
 */
class DistIT {

    private static final Path TARGET = Path.of("target");
    private static final String DEB_PATHS_GONE = "/usr/lib/tlsecho /usr/bin/tlsecho /lib/systemd/system/tlsecho.service "
            + "/usr/share/man/man1/tlsecho-server.1.gz /usr/share/bash-completion/completions/tlsecho";

    @Test
    @Timeout(300)
    void archiveRunsItsOwnRuntimeWithTheSystemJdksHidden(@TempDir Path dir) throws Exception {
        Path archive = only(TARGET.resolve("dist"), "tlsecho-*-linux-x86_64.tar.gz");
        run(dir, 120, PeerTools.require("tar").toString(), "-xzf", archive.toAbsolutePath().toString(), "-C", dir.toString());
        Path home = only(dir, "tlsecho-*");
        // No CDS archive is shipped (JDK 17 does not dump the same bytes twice); the launcher makes one on first use.
        assertThat(home.resolve("runtime/lib/server/classes.jsa")).as("a CDS archive in the archive").doesNotExist();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License", "Version 2.0, January 2004");
        assertThat(home.resolve("man/man1/tlsecho-server.1")).isRegularFile();
        assertThat(home.resolve("licenses/THIRD-PARTY.md")).isRegularFile();
        assertThat(Files.readString(home.resolve("runtime/release"))).doesNotContain("jdk.compiler", "java.desktop");

        String demo = run(dir, 120, hidingJdks(home.resolve("bin/tlsecho").toString(), "demo"));
        assertSeedTranscript(demo);
        String version = run(dir, 60, hidingJdks(home.resolve("bin/tlsecho").toString(), "--version"));
        assertThat(version).contains("runtime:    ", home.resolve("runtime").toString(), "TLS engine: openssl");
        try (var cached = Files.list(dir.resolve("cache"))) {
            assertThat(cached.map(p -> p.getFileName().toString()).toList()).as("the launcher's CDS archives")
                    .anyMatch(n -> n.endsWith("-base.jsa")).anyMatch(n -> n.endsWith("-demo.jsa"));
        }

        ProcessBuilder testbedCommand = new ProcessBuilder(hidingJdks(home.resolve("bin/tlsecho").toString(), "testbed",
                "--dir", dir.resolve("tb").toString(), "--port-base", "0", "--json"))
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // Its CDS archives in the temporary directory too, not in this user's ~/.cache.
        testbedCommand.environment().put("TLSECHO_CACHE_DIR", dir.resolve("cache").toString());
        Process testbed = testbedCommand.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(testbed.getInputStream(), StandardCharsets.UTF_8))) {
            String json = out.readLine();
            assertThat(json).as("testbed --json output").startsWith("[{\"name\":");
            Matcher port = Pattern.compile("\"port\":(\\d+)").matcher(json);
            assertThat(port.find()).isTrue();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))), 10_000);
            }
        } finally {
            testbed.destroy();
            if (!testbed.waitFor(20, TimeUnit.SECONDS)) {
                testbed.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    @Timeout(600)
    void debianPackageIsLintianCleanInstallsWorksAndRemovesEverything(@TempDir Path dir) throws Exception {
        Path deb = only(TARGET.resolve("dist"), "tlsecho_*_amd64.deb").toAbsolutePath();
        String lintian = run(dir, 400, PeerTools.require("lintian").toString(), "--no-tag-display-limit", deb.toString());
        assertThat(lintian.lines().filter(l -> l.startsWith("E: ")).toList()).as(lintian).isEmpty();

        String dpkg = PeerTools.require("dpkg").toString();
        try {
            run(dir, 120, dpkg, "-i", deb.toString());
            assertThat(Path.of("/usr/lib/tlsecho/runtime/lib/server/classes.jsa")).as("the CDS archive postinst makes")
                    .isRegularFile();
            assertThat(run(dir, 60, "/usr/bin/tlsecho", "--version")).startsWith("tlsecho ")
                    .contains("runtime:    OpenJDK", "(/usr/lib/tlsecho/runtime)");
            assertThat(run(dir, 30, PeerTools.require("man").toString(), "-w", "tlsecho-server").trim())
                    .isEqualTo("/usr/share/man/man1/tlsecho-server.1.gz");
            run(dir, 120, PeerTools.require("systemd-analyze").toString(), "verify", "/lib/systemd/system/tlsecho.service");
            assertThat(run(dir, 30, PeerTools.require("getent").toString(), "group", "tlsecho")).startsWith("tlsecho:");
        } finally {
            run(dir, 120, dpkg, "-r", "tlsecho");
        }
        for (String path : DEB_PATHS_GONE.split(" ")) {
            assertThat(Path.of(path)).as("removed by dpkg -r").doesNotExist();
        }
        // dpkg -r keeps conffiles, as Debian does; --purge takes them too and leaves the machine as it was.
        assertThat(Path.of("/etc/default/tlsecho")).as("conffile kept by dpkg -r").exists();
        run(dir, 120, dpkg, "--purge", "tlsecho");
        assertThat(Path.of("/etc/default/tlsecho")).as("removed by dpkg --purge").doesNotExist();
    }

    @Test
    @Timeout(300)
    void imageLayersUnpackedInOrderRunTheEntrypointInAChroot(@TempDir Path dir) throws Exception {
        Path image = TARGET.resolve("jib-image.tar").toAbsolutePath();
        assertThat(image).isRegularFile();
        Path oci = Files.createDirectory(dir.resolve("oci"));
        String tar = PeerTools.require("tar").toString();
        run(dir, 120, tar, "-xf", image.toString(), "-C", oci.toString());
        // index.json -> manifest -> config and layers, read with Python's json (the project has no JSON reader).
        String layout = run(dir, 60, PeerTools.require("python3").toString(), "-c", String.join("\n",
                "import json, sys, os",
                "d = sys.argv[1]",
                "blob = lambda digest: os.path.join(d, 'blobs', *digest.split(':'))",
                "index = json.load(open(os.path.join(d, 'index.json')))",
                "manifest = json.load(open(blob(index['manifests'][0]['digest'])))",
                "config = json.load(open(blob(manifest['config']['digest'])))['config']",
                "print('\\0'.join(config['Entrypoint']))",
                "print('\\0'.join(config['Cmd']))",
                "print(config.get('User', ''))",
                "print(' '.join(sorted(config.get('ExposedPorts', {}))))",
                "for layer in manifest['layers']: print(blob(layer['digest']))"), oci.toString());
        List<String> lines = layout.lines().toList();
        List<String> entrypoint = List.of(lines.get(0).split("\0"));
        assertThat(entrypoint.get(0)).isEqualTo("/opt/tlsecho/runtime/bin/java");
        assertThat(lines.get(1).split("\0")).containsExactly("server", "--host", "0.0.0.0", "--admin", "0.0.0.0:9100");
        assertThat(lines.get(2)).isEqualTo("10000:10000");
        assertThat(lines.get(3)).isEqualTo("10000/tcp 9100/tcp");
        Path rootfs = Files.createDirectory(dir.resolve("rootfs"));
        for (String layer : lines.subList(4, lines.size())) {
            run(dir, 120, tar, "-xzf", layer, "-C", rootfs.toString());
        }
        assertThat(rootfs.resolve("bin")).doesNotExist();
        assertThat(rootfs.resolve("app")).as("Jib's application layers, which the entrypoint does not use").doesNotExist();
        assertThat(rootfs.resolve("opt/tlsecho/licenses/image-libraries.txt")).content()
                .contains("libc6", "zlib1g");

        // What a container runtime gives every container: /proc (the JVM and ld.so's $ORIGIN read it) and /dev.
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));
        List<String> command = new ArrayList<>(List.of(PeerTools.require("unshare").toString(), "--mount", "--pid",
                "--fork", "--propagation", "private", "sh", "-c",
                "mount -t proc proc \"$0/proc\" && mount --rbind /dev \"$0/dev\" && exec \"$@\"", rootfs.toString(),
                PeerTools.require("chroot").toString(), "--userspec=10000:10000", rootfs.toString()));
        command.addAll(entrypoint);
        command.add("demo");
        assertSeedTranscript(run(dir, 120, command.toArray(String[]::new)));
    }

    /** {@code command} in a new mount namespace where /usr/lib/jvm is an empty tmpfs, with JAVA_HOME and PATH's java there. */
    private static String[] hidingJdks(String... command) {
        List<String> all = new ArrayList<>(List.of(PeerTools.require("unshare").toString(), "--mount", "--propagation",
                "private", "sh", "-c", "mount -t tmpfs none /usr/lib/jvm && exec \"$@\"", "sh"));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    /**
     * The seed's transcript: the client's and main's lines in the seed's order, the server's lines present. How the
     * echo arrives is up to TCP (one read or two), so the client's "received" lines are checked by what they add up to.
     */
    private static void assertSeedTranscript(String out) {
        String received = "echo_client: received b'";
        List<String> ordered = out.lines().filter(l -> l.startsWith("main: ") || l.startsWith("echo_client: "))
                .filter(l -> !l.startsWith(received)).toList();
        assertThat(ordered).as(out).hasSize(9);
        assertThat(String.join("\n", ordered)).as(out).matches(String.join("\n",
                "main: starting up on localhost port \\d+",
                "echo_client: connecting to localhost port \\d+",
                Pattern.quote("echo_client: sending b'This is the message. '"),
                Pattern.quote("echo_client: sending b'It will be sent '"),
                Pattern.quote("echo_client: sending b'in parts.'"),
                "echo_client: waiting for response",
                "echo_client: closing",
                "main: closing server",
                "main: closing event loop"));
        String echoed = out.lines().filter(l -> l.startsWith(received) && l.endsWith("'"))
                .map(l -> l.substring(received.length(), l.length() - 1)).reduce("", String::concat);
        assertThat(echoed).as(out).isEqualTo("This is the message. It will be sent in parts.");
        assertThat(out).containsPattern("(?m)^echo_127\\.0\\.0\\.1_\\d+: message terminated, closing connection$");
    }

    private static Path only(Path dir, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(found::add);
        }
        assertThat(found).as("%s in %s (built by mvn verify's pre-integration-test: src/dist/build.sh)", glob, dir)
                .hasSize(1);
        return found.get(0);
    }

    /** Runs {@code command} in {@code dir}, bounded, and returns its output; fails on a non-zero exit. */
    private static String run(Path dir, int seconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64");
        env.put("TLSECHO_CACHE_DIR", dir.resolve("cache").toString());
        Path log = Files.createTempFile(dir, "out", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
            String out = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("%s finished in %d s: %s", List.of(command), seconds, out).isTrue();
            assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
            return out;
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
