package io.tlsecho.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.robust.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A backlog longer than net.core.somaxconn is capped by the kernel without a word: the server says so at start. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BacklogWarningTest {

    private final Fixtures.LogCapture logged = new Fixtures.LogCapture("main");

    @AfterEach
    void release() {
        logged.close();
    }

    @Test
    void aBacklogPastSomaxconnIsNamedAtStart() throws Exception {
        int somaxconn = somaxconn();
        assertThat(somaxconn).as("net.core.somaxconn").isGreaterThanOrEqualTo(128);
        try (EchoServer server = start(somaxconn + 1)) {
            assertThat(server.port()).isPositive();
            assertThat(warnings()).containsExactly("backlog " + (somaxconn + 1)
                    + ": the kernel caps the accept queue at net.core.somaxconn, " + somaxconn
                    + "; raise that sysctl for a longer queue");
        }
    }

    @Test
    void aBacklogWithinSomaxconnStartsQuietly() throws Exception {
        try (EchoServer server = start(somaxconn())) {
            assertThat(server.port()).isPositive();
            assertThat(warnings()).isEmpty();
        }
    }

    /** Read here, independently of the server. */
    private static int somaxconn() throws Exception {
        return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim());
    }

    private static EchoServer start(int backlog) throws Exception {
        HeldCertificate cert = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
        return EchoServer.start(EchoServer.builder(cert).host("127.0.0.1").port(0).backlog(backlog).build());
    }

    private List<String> warnings() {
        return logged.warnings();
    }
}
