package io.tlsecho.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.robust.Fixtures;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the server says at start about its key log, and how it refuses one it cannot write. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerKeyLogTest {

    @TempDir
    Path dir;

    private final Fixtures.LogCapture logged = new Fixtures.LogCapture("main");

    @AfterEach
    void release() {
        logged.close();
    }

    @Test
    void warnsOnceAtStartWhereTheKeysGo() throws Exception {
        Path keys = dir.resolve("keys.log");
        try (EchoServer server = start(TlsProvider.OPENSSL, keys)) {
            assertThat(warnings()).containsExactly(
                    "writing TLS keys to " + keys + ": anyone with this file can decrypt the traffic");
            assertThat(Files.exists(keys)).isTrue();
        }
    }

    @Test
    void theJdkEngineWarnsThatItCannotLogKeysAndStartsAnyway() throws Exception {
        Path keys = dir.resolve("keys.log");
        try (EchoServer server = start(TlsProvider.JDK, keys)) {
            assertThat(server.port()).isPositive();
            assertThat(warnings()).containsExactly(
                    "the jdk TLS engine cannot log keys: nothing is written to the key log " + keys);
            assertThat(Files.exists(keys)).isFalse();
        }
    }

    @Test
    void anUnwritableKeyLogStopsTheStart() {
        Path keys = dir.resolve("missing").resolve("keys.log");
        assertThatThrownBy(() -> start(TlsProvider.OPENSSL, keys))
                .isInstanceOfSatisfying(ServerStartException.class,
                        e -> assertThat(e.reason()).isEqualTo(ServerStartException.Reason.KEY_LOG))
                .hasMessage("cannot write the key log " + keys + ": its directory does not exist");
        assertThat(warnings()).isEmpty();
    }

    private static EchoServer start(TlsProvider provider, Path keys) throws Exception {
        HeldCertificate cert = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();
        return EchoServer.start(EchoServer.builder(cert)
                .host("127.0.0.1").port(0)
                .tls(TlsOptions.defaults().withProvider(provider).withKeyLogFile(keys))
                .build());
    }

    private List<String> warnings() {
        return logged.warnings();
    }
}
