package io.tlsecho.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tlsecho.pki.HeldCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** A backlog longer than net.core.somaxconn is capped by the kernel without a word: the server says so at start. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BacklogWarningTest {

    private final Logger main = (Logger) LoggerFactory.getLogger("main");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level level;

    @BeforeEach
    void capture() {
        level = main.getLevel();
        main.setLevel(Level.INFO);
        logged.start();
        main.addAppender(logged);
    }

    @AfterEach
    void release() {
        main.detachAppender(logged);
        main.setLevel(level);
        logged.stop();
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
        synchronized (logged) {
            return logged.list.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
