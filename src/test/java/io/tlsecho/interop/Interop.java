package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.cli.Cli;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.EchoServerConfig;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.testing.Nulls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Shared helpers of the interop tests: certificates on disk, in-process servers, peers fed on stdin, the CLI in-process. */
final class Interop {

    static final Duration WAIT = Duration.ofSeconds(30);
    /** The message the peers send: "hello", then the NUL that ends it. */
    static final byte[] HELLO_NUL = "hello\0".getBytes(StandardCharsets.US_ASCII);

    private Interop() {
    }

    /** A self-signed EC P-256 certificate for {@code cn} with SANs localhost, 127.0.0.1 and ::1 (what tlsecho cert makes). */
    static HeldCertificate localhostCert(String cn) {
        return HeldCertificate.builder().commonName(cn)
                .addSubjectAlternativeName("localhost")
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("::1")
                .build();
    }

    /** Writes {@code held} as {@code dir/base.crt} (chain) and {@code dir/base.key}. */
    static void write(HeldCertificate held, Path dir, String base) {
        try {
            held.writeTo(dir.resolve(base + ".crt"), dir.resolve(base + ".key"), false);
        } catch (PkiException e) {
            throw new AssertionError(e);
        }
    }

    /** The seed's set-up: {@code openssl req -newkey rsa:2048 -nodes ... -subj /CN=pymotw.com} into dir/pymotw.crt, .key. */
    static void seedCert(Path dir) {
        run(dir, PeerTools.require("openssl").toString(), "req", "-newkey", "rsa:2048", "-nodes",
                "-keyout", "pymotw.key", "-x509", "-days", "365", "-out", "pymotw.crt", "-subj", "/CN=pymotw.com");
    }

    /** Runs a command to completion in {@code dir} and fails unless it exits 0; returns it for its output. */
    static RunningProcess run(Path dir, String... command) {
        try (RunningProcess p = RunningProcess.start(List.of(Nulls.refuse("command", command)), dir, Map.of())) {
            assertThat(p.awaitExit(WAIT)).as(p::describe).isZero();
            return p;
        }
    }

    /** Starts an in-process server on 127.0.0.1, port 0, with {@code customize} applied to the builder. */
    static EchoServer server(HeldCertificate pair, UnaryOperator<EchoServerConfig.Builder> customize) {
        try {
            return EchoServer.start(customize.apply(EchoServer.builder(pair).host("127.0.0.1").port(0)).build());
        } catch (ServerStartException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Starts {@code command}, writes {@code input} to its stdin without closing it (so the peer cannot
     * end the connection on stdin EOF before the echo arrives), and waits for it to exit by itself.
     */
    static RunningProcess feed(Path dir, byte[] input, List<String> command) {
        RunningProcess p = RunningProcess.start(command, dir, Map.of());
        try {
            OutputStream in = p.stdin();
            in.write(input);
            in.flush();
        } catch (IOException e) {
            // the peer may already have exited (a failed handshake); its exit code tells
        }
        p.awaitExit(WAIT);
        return p;
    }

    /**
     * Builds the Go echo peer ({@code src/test/resources/go/echo.go}, Go's crypto/tls) into
     * {@code dir} and returns the binary; fails the test when Go is not installed.
     */
    static Path goEcho(Path dir) throws IOException {
        Path go = PeerTools.require("go");
        Path source = dir.resolve("echo.go");
        try (var in = Interop.class.getResourceAsStream("/go/echo.go")) {
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path echo = dir.resolve("echo");
        // CGO_ENABLED=0: no C compiler needed (golang-go only recommends gcc).
        try (RunningProcess build = RunningProcess.start(List.of(go.toString(), "build", "-o", echo.toString(),
                source.toString()), dir, Map.of("GOCACHE", dir.resolve("gocache").toString(), "GO111MODULE", "off",
                "CGO_ENABLED", "0"))) {
            // crypto/tls compiles from scratch in each new cache: allow a loaded machine the time it takes.
            assertThat(build.awaitExit(Duration.ofSeconds(180))).as(build::describe).isZero();
        }
        return echo;
    }

    /** A free port on 127.0.0.1, for peers that cannot report the port they bound. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first port number in a line of {@code process}'s stderr matching {@code pattern}'s group 1. */
    static int portFrom(RunningProcess process, Pattern pattern) {
        Matcher m = process.waitForLine(pattern, WAIT);
        return Integer.parseInt(m.group(1));
    }

    /** The certificates in PEM blocks of {@code text} (s_client -showcerts output), in order. */
    static List<X509Certificate> pemCertificates(String text) {
        List<X509Certificate> out = new ArrayList<>();
        Matcher m = Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----").matcher(text);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                out.add((X509Certificate) cf.generateCertificate(
                        new ByteArrayInputStream(m.group().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (CertificateException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    /** The outcome of the CLI run in-process. */
    record CliRun(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out ---\n" + out + "\n--- err ---\n" + err;
        }
    }

    /** Runs {@code tlsecho args...} in this JVM, capturing its standard output and error writers. */
    static CliRun cli(String... args) {
        Nulls.refuse("tlsecho arguments", args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The command line of {@code parts} as strings; a null part fails here instead of becoming the word "null". */
    static List<String> cmd(Object... parts) {
        return Arrays.stream(Nulls.refuse("command", parts)).map(Object::toString).toList();
    }
}
