package io.tlsecho.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server's reload trigger: a changed, vanished or new file, or a request (SIGHUP), runs the reload once. */
@Timeout(20)
class KeyReloaderTest {

    @Test
    void runsWhenAWatchedFileChangesAndWhenAsked(@TempDir Path dir) throws Exception {
        Path crt = Files.writeString(dir.resolve("a.crt"), "one");
        Semaphore runs = new Semaphore(0);
        try (KeyReloader reloader = new KeyReloader(List.of(crt, dir.resolve("absent.key")), runs::release,
                Duration.ofMillis(50))) {
            assertThat(runs.tryAcquire(300, TimeUnit.MILLISECONDS)).as("no change, no reload").isFalse();

            Files.setLastModifiedTime(crt, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).as("reload after the file changed").isTrue();
            assertThat(runs.tryAcquire(300, TimeUnit.MILLISECONDS)).as("once per change").isFalse();

            Files.delete(crt);
            assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).as("reload after the file vanished").isTrue();

            reloader.request();
            assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).as("reload on request").isTrue();
        }
    }

    @Test
    void aZeroPeriodNeverPollsButReloadsOnRequest(@TempDir Path dir) throws Exception {
        Path crt = Files.writeString(dir.resolve("a.crt"), "one");
        Semaphore runs = new Semaphore(0);
        try (KeyReloader reloader = new KeyReloader(List.of(crt), runs::release, Duration.ZERO)) {
            Files.setLastModifiedTime(crt, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(runs.tryAcquire(500, TimeUnit.MILLISECONDS)).as("no polling").isFalse();
            reloader.request();
            assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).as("reload on request").isTrue();
        }
    }

    @Test
    void aFileThatVanishesBeforeTheReloaderStartsIsSeenAsAChange(@TempDir Path dir) throws Exception {
        // The server takes the stamps before it reads the files and starts the reloader after it has bound:
        // a deletion in between (a loaded machine, a quick operator) must still be a change.
        Path crt = Files.writeString(dir.resolve("a.crt"), "one");
        List<FileTime> beforeTheRead = KeyReloader.stamps(List.of(crt));
        Files.delete(crt);
        Semaphore runs = new Semaphore(0);
        try (KeyReloader reloader = new KeyReloader(List.of(crt), runs::release, Duration.ofMillis(50),
                beforeTheRead)) {
            assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).as("reload for the file that vanished").isTrue();
        }
    }

    @Test
    void aRequestAfterCloseIsDroppedWithoutAnException(@TempDir Path dir) throws Exception {
        // SIGHUP during the drain: the reload thread is gone, and the signal's thread must not die with a trace.
        Semaphore runs = new Semaphore(0);
        KeyReloader reloader = new KeyReloader(List.of(dir.resolve("a.crt")), runs::release, Duration.ZERO);
        reloader.close();
        assertThatCode(reloader::request).doesNotThrowAnyException();
        assertThat(runs.tryAcquire()).isFalse();
    }
}
