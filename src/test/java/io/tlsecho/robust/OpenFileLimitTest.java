package io.tlsecho.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.PeerTools;
import io.tlsecho.pki.HeldCertificate;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server at its open-file limit (a storm larger than ulimit -n) says so in one line naming the cause, not
 * Netty's "An exceptionCaught() event was fired..." without one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpenFileLimitTest {

    private static final int LIMIT = 256;
    private static final Pattern STARTED = Pattern.compile("starting up on 127\\.0\\.0\\.1 port (\\d+)");

    @TempDir
    Path dir;

    @Test
    void runningOutOfFilesIsNamedInOneLine() throws Exception {
        Path crt = dir.resolve("s.crt");
        Path key = dir.resolve("s.key");
        HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build().writeTo(crt, key, false);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(PeerTools.require("prlimit").toString(), "--nofile=" + LIMIT + ":" + LIMIT,
                java, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main", "server",
                "--host", "127.0.0.1", "--port", "0", "--cert", crt.toString(), "--key", key.toString(),
                "--max-handshakes", "off", "--handshake-timeout", "60s")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> all = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // The process ended.
            }
        });
        reader.setDaemon(true);
        reader.start();
        List<Socket> held = new ArrayList<>();
        try {
            int port = -1;
            while (port < 0) {
                String line = lines.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("server start; so far: %s", all).isNotNull();
                all.add(line);
                Matcher m = STARTED.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            // Silent connections: the kernel completes each, the server accepts each into a file of its own
            // (their handshake timeout is 60 s), until its limit.
            String named = null;
            for (int i = 0; i < 2 * LIMIT && named == null; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                held.add(s);
                named = drainFor(lines, all, i >= LIMIT ? 100 : 0);
            }
            if (named == null) {
                named = drainFor(lines, all, 10_000);
            }
            // The cause's words are the transport's (epoll: "accept(..) failed with error(-24): Too many open files").
            assertThat(named).as("a line naming the failed accept; stderr: %s", all)
                    .startsWith("main: cannot accept a connection: ")
                    .contains("Too many open files")
                    .endsWith(" (the open-file limit, ulimit -n, is reached: raise it, or lower --max-connections)");
        } finally {
            for (Socket s : held) {
                s.close();
            }
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        all.addAll(lines);
        assertThat(all).noneMatch(l -> l.contains("exceptionCaught"));
    }

    /** Takes the stderr lines that came (waiting up to millis for one); returns the accept-error line if seen. */
    private static String drainFor(BlockingQueue<String> lines, List<String> all, long millis) throws InterruptedException {
        String found = null;
        String line = millis > 0 ? lines.poll(millis, TimeUnit.MILLISECONDS) : lines.poll();
        while (line != null) {
            all.add(line);
            if (line.contains("cannot accept a connection")) {
                found = line;
            }
            line = lines.poll();
        }
        return found;
    }
}
