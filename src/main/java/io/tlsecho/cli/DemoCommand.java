package io.tlsecho.cli;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoException;
import io.tlsecho.client.EchoResult;
import io.tlsecho.log.Logging;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.LocalDefaults;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.ServerStartException;
import io.tlsecho.tls.ClientTrust;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tlsecho demo}: the seed's whole conversation, in one process, with a fresh certificate. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the seed's conversation end to end: fresh certificate, server on a free port, client, transcript.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--debug", description = "Show stack traces.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        Logging.configure(Logging.Verbosity.VERBOSE, System.out, debug);
        // The seed's transcript, exactly: without the server's per-connection summary, ClientHello and session lines.
        Logging.silence(EchoServer.SUMMARY_LOGGER);
        Logging.silence(EchoServer.TLS_LOGGER);
        HeldCertificate cert = LocalDefaults.localhostCertificate();
        try (EchoServer server = EchoServer.start(EchoServer.builder(cert).host("localhost").port(0).build())) {
            EchoClientConfig config = EchoClientConfig.builder()
                    .host("localhost").port(server.port())
                    .trust(ClientTrust.of(List.of(cert.certificate()), "the demo's certificate"))
                    .build();
            EchoResult result;
            try (EchoClient client = EchoClient.create(config)) {
                result = client.exchange(ClientCommand.SEED_PARTS.stream()
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)).toList());
            }
            // The server's side of the connection ends (it half-closed first) before the server closes, so the
            // drain has nothing to say.
            server.awaitConnectionsClosed(Duration.ofSeconds(5));
            if (!result.matches()) {
                throw new UserException(ExitCode.ECHO_MISMATCH, result.mismatch());
            }
        } catch (ServerStartException e) {
            throw UserException.of(e);
        } catch (EchoException e) {
            throw UserException.of(e);
        }
        return ExitCode.OK;
    }
}
