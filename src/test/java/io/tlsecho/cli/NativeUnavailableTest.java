package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where OpenSSL or epoll does not load, the messages say why (in a JVM told not to load them). */
@Timeout(120)
class NativeUnavailableTest {

    private static final String NO_OPENSSL = "-Dio.netty.handler.ssl.noOpenSsl=true";

    @Test
    void withoutOpenSslTheWarningSaysWhy() throws Exception {
        Result r = tlsecho(NO_OPENSSL, "client", "--host", "127.0.0.1", "--port", String.valueOf(closedPort()));

        assertThat(r.code).as(r.err).isEqualTo(ExitCode.CONNECT);
        assertThat(r.err).doesNotContain("{}").doesNotContain("\tat ")
                .contains("OpenSSL is not available (OpenSSL was explicit disabled with "
                        + "-Dio.netty.handler.ssl.noOpenSsl=true); using the JDK's TLS");
    }

    @Test
    void askingForOpenSslWhereItIsUnavailableIsOneLine() throws Exception {
        Result r = tlsecho(NO_OPENSSL, "client", "--provider", "openssl", "--port", String.valueOf(closedPort()));

        assertThat(r.code).as(r.err).isEqualTo(ExitCode.NATIVE_UNAVAILABLE);
        assertThat(r.err.lines().toList()).containsExactly("tlsecho: --provider openssl is not available here: "
                + "OpenSSL was explicit disabled with -Dio.netty.handler.ssl.noOpenSsl=true");
    }

    @Test
    void anUnavailableTransportExitsAsAnUnavailableProviderDoes() throws Exception {
        Result r = tlsecho("-Dio.netty.transport.noNative=true", "client", "--transport", "epoll", "--port",
                String.valueOf(closedPort()));

        assertThat(r.code).as(r.err).isEqualTo(ExitCode.NATIVE_UNAVAILABLE);
        assertThat(r.err.lines().toList()).singleElement().asString()
                .startsWith("tlsecho: --transport epoll is not available here: ");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static Result tlsecho(String jvmOption, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                jvmOption, "-cp", System.getProperty("java.class.path"), "io.tlsecho.cli.Main"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(err).isTrue();
            return new Result(p.exitValue(), err);
        } finally {
            p.destroyForcibly();
        }
    }

    private record Result(int code, String err) {}
}
