package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two JDK-engine contexts with different groups in one JVM: each gets its own where Java allows it
 * (20+), else the second is refused. In a fresh JVM, since the JDK fixes its groups at first use.
 */
class JdkGroupsTest {

    @Test
    @Timeout(120)
    void twoContextsWithDifferentGroupsInOneJvm() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JdkGroupsTest.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(out).isTrue();
        } finally {
            p.destroyForcibly();
        }

        assertThat(p.exitValue()).as(out).isZero();
        if (Runtime.version().feature() >= 20) {
            assertThat(out.lines()).containsExactly("first: x25519", "second: secp256r1", "first again: x25519");
        } else {
            assertThat(out.lines()).containsExactly("first: x25519",
                    "second: refused: --groups secp256r1: the JDK engine in this process already uses x25519 (Java "
                            + Runtime.version().feature() + " sets groups once per process, through "
                            + "jdk.tls.namedGroups; per-context groups need Java 20 or newer, or --provider openssl)",
                    "first again: x25519");
        }
    }

    @Test
    void aGroupTheJdkDoesNotKnowIsRefusedByName() {
        if (JdkGroups.perEngine()) {
            return; // Java 20+ takes any name per engine; the handshake says what it lacks.
        }
        TlsOptions options = TlsOptions.defaults().withProvider(TlsProvider.JDK).withGroups(List.of("X25519MLKEM768"));

        assertThatThrownBy(() -> TlsContexts.client(ClientTrust.system(), null, options))
                .isInstanceOf(SSLException.class)
                .hasMessageStartingWith("--groups X25519MLKEM768: unknown to the JDK engine of Java ");
    }

    /** In a fresh JVM: makes two client contexts and prints the groups each one's ClientHello offers. */
    public static void main(String[] args) throws Exception {
        SslContext first = client("X25519");
        System.out.println("first: " + offered(first));
        try {
            System.out.println("second: " + offered(client("P-256")));
        } catch (SSLException e) {
            System.out.println("second: refused: " + e.getMessage());
        }
        System.out.println("first again: " + offered(first));
    }

    private static SslContext client(String group) throws SSLException {
        return TlsContexts.client(ClientTrust.system(), null,
                TlsOptions.defaults().withProvider(TlsProvider.JDK).withGroups(List.of(group)));
    }

    private static String offered(SslContext context) throws SSLException {
        return String.join(",", JdkGroups.offered(context.newEngine(ByteBufAllocator.DEFAULT, "localhost", 443)));
    }
}
