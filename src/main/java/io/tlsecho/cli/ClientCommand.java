package io.tlsecho.cli;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoException;
import io.tlsecho.client.EchoResult;
import io.tlsecho.config.InvalidSettingException;
import io.tlsecho.log.Messages;
import io.tlsecho.tls.RevocationPolicy;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import io.tlsecho.tls.KeyLogException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tlsecho client}: the seed's conversation, or standard input, echoed and checked. */
@Command(name = "client", mixinStandardHelpOptions = true, defaultValueProvider = ClientDefaults.class,
        description = "Send a message in parts, end it with NUL, and check the echo; say at the end whether it matched.")
final class ClientCommand implements Callable<Integer> {

    /** The seed's message, in the seed's three parts. */
    static final List<String> SEED_PARTS = List.of("This is the message. ", "It will be sent ", "in parts.");

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingOptions logging;

    @Mixin
    TargetOptions target;

    @Option(names = "--stdin", description = "Send standard input as the message and write the echo to standard output.")
    boolean stdin;

    @Option(names = "--show-session", description = "After the handshake, print protocol, cipher, group, ALPN, SNI, resumption, handshake time and the server's chain.")
    boolean showSession;

    @Option(names = "--json", description = "Print the session and the result as one JSON object on standard output.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Time allowed with no byte from the server while it owes one: its part of the handshake, "
                    + "and the echo once the message is out; a pause in our own sending is not counted (default: ${DEFAULT-VALUE}).")
    Duration readTimeout;

    @Option(names = "--check-revocation", paramLabel = "soft|strict|off", arity = "0..1", fallbackValue = "soft",
            description = "Check that the server's certificates are not revoked: the stapled OCSP response, then OCSP, "
                    + "then the CRL, every source each certificate names; any 'revoked' fails (exit 26). Alone or =soft: "
                    + "a source that cannot be reached is a warning; =strict: it fails (exit 27) (default: ${DEFAULT-VALUE}).")
    String checkRevocation;

    @Option(names = "--revocation-timeout", paramLabel = "DURATION",
            description = "Time allowed for each request to an OCSP responder or CRL distribution point with "
                    + "--check-revocation (default: ${DEFAULT-VALUE}).")
    Duration revocationTimeout;

    @Parameters(paramLabel = "MESSAGE", arity = "0..*", description = "Message parts (default: the seed's three).")
    List<String> messages = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        logging.apply(System.err);
        if (stdin && !messages.isEmpty()) {
            throw new UserException(ExitCode.USAGE, "give MESSAGE arguments or --stdin, not both");
        }
        if (stdin && json) {
            throw new UserException(ExitCode.USAGE, "--json cannot be used with --stdin (standard output carries the echo)");
        }
        EchoClientConfig config = config();
        EchoResult result;
        long start = System.nanoTime();
        try (EchoClient client = EchoClient.create(config)) {
            if (stdin) {
                OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
                result = client.stream(System.in, out);
            } else {
                result = client.exchange(parts());
            }
        } catch (KeyLogException e) {
            throw new UserException(ExitCode.KEY_LOG, e.getMessage(), e);
        } catch (SSLException e) {
            throw new UserException(ExitCode.TLS, "cannot set up TLS: " + Messages.of(e), e);
        } catch (EchoException e) {
            throw UserException.of(e);
        }
        Logger main = LoggerFactory.getLogger("main");
        main.debug("closing event loop");
        report(result);
        if (!result.matches()) {
            throw new UserException(ExitCode.ECHO_MISMATCH, result.mismatch());
        }
        if (result.nulAt() >= 0) {
            throw new UserException(ExitCode.NUL_IN_INPUT, "standard input holds a NUL byte at offset "
                    + result.nulAt() + ": the message ended there and the rest was not sent");
        }
        // The end of a run that went well, which would otherwise read like a hang.
        main.info("echo matched: {} bytes in {} ms", result.received(), (System.nanoTime() - start) / 1_000_000);
        return ExitCode.OK;
    }

    private void report(EchoResult result) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", target.host);
            m.put("port", target.port);
            m.put("session", SessionReport.json(result.session()));
            m.put("sent_bytes", result.sent());
            m.put("received_bytes", result.received());
            m.put("echo_matches", result.matches());
            m.put("mismatch", result.mismatch());
            PrintWriter out = spec.commandLine().getOut();
            out.println(SessionReport.jsonText(m));
            out.flush();
        } else if (showSession) {
            SessionReport.text(result.session(), stdin ? new PrintWriter(System.err, true) : spec.commandLine().getOut());
        }
    }

    private List<byte[]> parts() {
        List<String> texts = messages.isEmpty() ? SEED_PARTS : messages;
        return texts.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    EchoClientConfig config() {
        EchoClientConfig.Builder b = target.builder();
        if (readTimeout != null) {
            b.readTimeout(readTimeout);
        }
        if (revocationTimeout != null) {
            b.revocationTimeout(revocationTimeout);
        }
        if (checkRevocation != null) {
            try {
                b.checkRevocation(RevocationPolicy.Mode.of(checkRevocation));
            } catch (InvalidSettingException e) {
                throw UserException.of(e);
            }
        }
        return TargetOptions.build(b);
    }
}
