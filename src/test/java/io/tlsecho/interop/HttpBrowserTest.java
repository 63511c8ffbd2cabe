package io.tlsecho.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.robust.Fixtures;
import io.tlsecho.server.EchoServer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real browser: Debian's headless Chromium, trusting the test's certificate by its public key's
 * hash, loads the page once over HTTP/2; the page shows the JA4 the server logged for that
 * connection and a non-empty Akamai HTTP/2 fingerprint.
 */
@Timeout(180)
class HttpBrowserTest {

    private static final Pattern LOGGED_JA4 = Pattern.compile("answering h2, ja4 (\\S+)");

    @TempDir
    Path dir;

    @Test
    void chromiumLoadsThePageOverHttp2AndItShowsTheJa4TheServerLogged() throws Exception {
        HeldCertificate cert = Interop.localhostCert("localhost");
        String spki = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(cert.certificate().getPublicKey().getEncoded()));
        try (Fixtures.LogCapture log = new Fixtures.LogCapture("echo");
             EchoServer server = Interop.server(cert, b -> b)) {
            List<String> command = List.of(PeerTools.require("chromium").toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-extensions",
                    "--user-data-dir=" + dir.resolve("profile"),
                    "--ignore-certificate-errors-spki-list=" + spki,
                    "--dump-dom", "https://localhost:" + server.port() + "/browser");
            String page;
            try (RunningProcess chromium = RunningProcess.start(command, dir, Map.of("HOME", dir.toString()))) {
                assertThat(chromium.awaitExit(Duration.ofSeconds(120))).as(chromium::describe).isZero();
                page = chromium.stdout();
            }
            assertThat(page).as("the page").contains("<h2>client_hello</h2>", "/browser");
            Matcher shown = Pattern.compile("JA4 (t\\d\\d[di]\\d{4}\\w\\w_[0-9a-f]{12}_[0-9a-f]{12})").matcher(page);
            assertThat(shown.find()).as(page).isTrue();
            // The headline: protocol, cipher, group, then the HTTP version the page came over.
            assertThat(page).contains(", h2, JA4 " + shown.group(1));
            List<String> logged = log.messages().stream().map(LOGGED_JA4::matcher).filter(Matcher::find)
                    .map(m -> m.group(1)).toList();
            // Chromium may open a second connection, resuming with the ticket the first one got (one more
            // extension, pre_shared_key, so another JA4): the page shows the JA4 of the connection that served it.
            assertThat(logged).contains(shown.group(1));
            Matcher akamai = Pattern.compile("<th>akamai</th><td><code>([^<]+)</code>").matcher(page);
            assertThat(akamai.find()).as(page).isTrue();
            assertThat(akamai.group(1)).matches("[0-9:;]+\\|\\d+\\|[0-9:,]+\\|[masp,]+");
        }
    }
}
