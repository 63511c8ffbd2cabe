package io.tlsecho.cli;

import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import io.tlsecho.transport.Transport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Protocol and engine options shared by server, client and bench. */
public final class TlsSettings {

    @Option(names = "--provider", paramLabel = "openssl|jdk",
            description = "TLS engine (default: openssl where its native library loads, else jdk).")
    TlsProvider provider;

    @Option(names = "--transport", paramLabel = "epoll|io_uring|nio",
            description = "I/O transport: epoll, io_uring (Linux) or nio (default: epoll where available, else nio).")
    Transport transport;

    @Option(names = "--tls-version", paramLabel = "1.2|1.3", split = ",", completionCandidates = TlsVersions.class,
            description = "Allowed TLS version; repeatable (default: 1.2 and 1.3).")
    List<String> versions = new ArrayList<>();

    @Option(names = "--ciphers", paramLabel = "LIST", split = "[:,]", splitSynopsisLabel = ":",
            description = "TLS 1.2 cipher suites, colon or comma separated (default: ECDHE with AES-GCM or ChaCha20-Poly1305,"
                    + " Mozilla's intermediate list; TLS 1.3's suites are always on).")
    List<String> ciphers = new ArrayList<>();

    @Option(names = "--groups", paramLabel = "LIST", split = "[:,]", splitSynopsisLabel = ":",
            description = "Key-exchange groups in preference order, e.g. X25519:P-256 (default: the engine's; OpenSSL offers X25519MLKEM768 first)."
                    + " With --provider jdk before Java 20: one set per process.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--alpn", paramLabel = "PROTO", description = "ALPN protocol to offer or accept; repeatable.")
    List<String> alpn = new ArrayList<>();

    @Option(names = "--keylog-file", paramLabel = "FILE",
            description = "Append each connection's TLS secrets to FILE in NSS key-log format, for Wireshark"
                    + " (default: $SSLKEYLOGFILE; created with mode 0600; OpenSSL engine only).")
    Path keyLogFile;

    TlsOptions options() {
        TlsOptions o = TlsOptions.defaults();
        if (provider != null) {
            if (!provider.isAvailable()) {
                throw new UserException(ExitCode.NATIVE_UNAVAILABLE, "--provider " + provider + " is not available here: "
                        + why(provider.unavailabilityCause()));
            }
            o = o.withProvider(provider);
        } else if (o.provider() != TlsProvider.OPENSSL) {
            // The cause as text: a Throwable as the only argument would be taken as the exception to log.
            LoggerFactory.getLogger("main").warn("OpenSSL is not available ({}); using the JDK's TLS",
                    why(TlsProvider.OPENSSL.unavailabilityCause()));
        }
        if (!versions.isEmpty()) {
            List<String> protocols = new ArrayList<>();
            for (String v : versions) {
                protocols.add(switch (v.trim()) {
                    case "1.3", "TLSv1.3", "tls1.3" -> "TLSv1.3";
                    case "1.2", "TLSv1.2", "tls1.2" -> "TLSv1.2";
                    default -> throw new UserException(ExitCode.USAGE,
                            "--tls-version " + v + ": unsupported (expected 1.2 or 1.3; nothing older is ever spoken)");
                });
            }
            o = o.withProtocols(protocols);
        }
        return o.withCiphers(ciphers).withAlpn(alpn).withGroups(groups).withKeyLogFile(keyLogFile());
    }

    /** {@code --keylog-file}, else {@code SSLKEYLOGFILE} from the environment, else null. */
    private Path keyLogFile() {
        if (keyLogFile != null) {
            return keyLogFile;
        }
        String env = System.getenv("SSLKEYLOGFILE");
        return env == null || env.isBlank() ? null : Path.of(env);
    }

    Transport transport() {
        if (transport == null) {
            return Transport.auto();
        }
        if (!transport.isAvailable()) {
            throw new UserException(ExitCode.NATIVE_UNAVAILABLE, "--transport " + transport + " is not available here: "
                    + why(transport.unavailabilityCause()));
        }
        return transport;
    }

    /** Why a native library did not load, in one line. */
    static String why(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** The versions {@code --tls-version} accepts, for shell completion. */
    static final class TlsVersions implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("1.2", "1.3").iterator();
        }
    }
}
