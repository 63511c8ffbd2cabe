package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server's reload trigger: a changed file, or a request (SIGHUP), runs the reload once. */
@Timeout(20)
class ReloaderTest {

    @Test
    void runsWhenAWatchedFileChangesAndWhenAsked(@TempDir Path dir) throws Exception {
        Path crt = Files.writeString(dir.resolve("a.crt"), "one");
        Semaphore runs = new Semaphore(0);
        try (Reloader reloader = new Reloader(List.of(crt, dir.resolve("absent.key")), runs::release, 50)) {
            assertThat(runs.tryAcquire(300, TimeUnit.MILLISECONDS)).as("no change, no reload").isFalse();

            Files.setLastModifiedTime(crt, FileTime.from(Instant.now().plusSeconds(5)));
            assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).as("reload after the file changed").isTrue();
            assertThat(runs.tryAcquire(300, TimeUnit.MILLISECONDS)).as("once per change").isFalse();

            reloader.reloadNow();
            assertThat(runs.tryAcquire(5, TimeUnit.SECONDS)).as("reload on request").isTrue();
        }
    }
}
