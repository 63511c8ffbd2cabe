package io.tlsecho.cli;

import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.PkiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's key material as its options name it: {@code --cert/--key} or {@code --keystore},
 * else ./tlsecho.crt and ./tlsecho.key (made when absent), and one pair per {@code --sni}.
 */
final class ServerKeys {

    static final Path DEFAULT_CERT = Path.of("tlsecho.crt");
    static final Path DEFAULT_KEY = Path.of("tlsecho.key");

    private static final Logger MAIN = LoggerFactory.getLogger("main");

    private final KeyMaterialOptions keys;
    private final List<SniSpec> sni;

    ServerKeys(KeyMaterialOptions keys, List<String> sni) {
        this.keys = keys;
        this.sni = sni.stream().map(SniSpec::parse).toList();
    }

    /** A self-signed EC P-256 certificate for localhost, 127.0.0.1 and ::1, as {@code tlsecho cert} makes by default. */
    static HeldCertificate localhostCertificate() {
        HeldCertificate.Builder b = HeldCertificate.builder().commonName("localhost");
        CertCommand.DEFAULT_SANS.forEach(b::addSubjectAlternativeName);
        return b.build();
    }

    HeldCertificate certificate() {
        return keys.given() ? keys.load() : defaultKeyPair();
    }

    Map<String, HeldCertificate> sniCertificates() {
        Map<String, HeldCertificate> pairs = new LinkedHashMap<>();
        for (SniSpec s : sni) {
            try {
                pairs.put(s.name(), keys.checked(HeldCertificate.load(s.cert(), s.key(), null)));
            } catch (PkiException e) {
                throw UserException.of(e);
            }
        }
        return pairs;
    }

    /** The files whose change means a reload. */
    List<Path> watchedFiles() {
        List<Path> files = new ArrayList<>();
        if (keys.given()) {
            Stream.of(keys.cert, keys.key, keys.keystore).filter(Objects::nonNull).forEach(files::add);
        } else {
            files.add(DEFAULT_CERT);
            files.add(DEFAULT_KEY);
        }
        for (SniSpec s : sni) {
            files.add(s.cert());
            files.add(s.key());
        }
        return files;
    }

    /** ./tlsecho.crt and ./tlsecho.key, made first when absent. */
    private HeldCertificate defaultKeyPair() {
        try {
            if (!Files.exists(DEFAULT_CERT) && !Files.exists(DEFAULT_KEY)) {
                localhostCertificate().writeTo(DEFAULT_CERT, DEFAULT_KEY, false);
                MAIN.info("generated {} and {} (EC P-256, localhost, 127.0.0.1, ::1)",
                        DEFAULT_CERT.toAbsolutePath(), DEFAULT_KEY.toAbsolutePath());
            }
            HeldCertificate pair = keys.checked(HeldCertificate.load(DEFAULT_CERT, DEFAULT_KEY, null));
            MAIN.info("using certificate {} (SHA-256 {})", DEFAULT_CERT.toAbsolutePath(),
                    CertificateInfo.sha256Fingerprint(pair.certificate()));
            return pair;
        } catch (PkiException e) {
            throw UserException.of(e);
        }
    }

    /** One {@code --sni NAME=CERT,KEY}. */
    record SniSpec(String name, Path cert, Path key) {
        static SniSpec parse(String spec) {
            int eq = spec.indexOf('=');
            int comma = spec.indexOf(',', eq + 1);
            if (eq <= 0 || comma < 0 || comma == spec.length() - 1) {
                throw new UserException(ExitCode.USAGE, "--sni " + spec + ": expected NAME=CERT,KEY");
            }
            return new SniSpec(spec.substring(0, eq), Path.of(spec.substring(eq + 1, comma)),
                    Path.of(spec.substring(comma + 1)));
        }
    }
}
