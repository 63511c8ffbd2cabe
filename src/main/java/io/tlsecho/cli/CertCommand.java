package io.tlsecho.cli;

import io.tlsecho.log.Messages;
import io.tlsecho.pki.CertificateInfo;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.pki.KeyType;
import io.tlsecho.pki.LocalDefaults;
import io.tlsecho.pki.PkiException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tlsecho cert}: makes a self-signed certificate, a local CA, or a certificate issued by one. */
@Command(name = "cert", defaultValueProvider = CertCommand.Defaults.class, mixinStandardHelpOptions = true,
        description = "Make a certificate and key: self-signed, a local CA (--ca), or issued by one (--signed-by).")
final class CertCommand implements Callable<Integer> {


    /** The options' defaults, from {@link HeldCertificate.Builder}'s and {@link LocalDefaults}' file names. */
    static final class Defaults extends BuilderDefaults {
        Defaults() {
            super(java.util.Map.of("--out", LocalDefaults.CERTIFICATE_FILE.toString().replaceFirst("\\.crt$", ""),
                    "--key-type", HeldCertificate.builder().keyType().toString(),
                    "--days", HeldCertificate.builder().days()));
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "BASENAME",
            description = "Write BASENAME.crt and BASENAME.key (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--cn", paramLabel = "NAME", description = "Subject common name (default: the first --san, "
            + "else localhost; for --ca, 'tlsecho local CA' and a random 6-digit hex id).")
    String commonName;

    @Option(names = "--san", paramLabel = "NAME|IP", split = ",",
            description = "subjectAltName, DNS name or IP address; repeatable (default: localhost, 127.0.0.1, ::1 unless --cn is given).")
    List<String> sans = new ArrayList<>();

    @Option(names = "--key-type", paramLabel = "TYPE",
            description = "ec-p256, rsa-2048, rsa-4096 or ed25519 (default: ${DEFAULT-VALUE}).")
    String keyType;

    @Option(names = "--days", description = "Days of validity (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--ca", description = "Make a certificate authority (CA:true, keyCertSign).")
    boolean ca;

    @Option(names = "--signed-by", paramLabel = "BASENAME", description = "Issue from the CA in BASENAME.crt and BASENAME.key.")
    String signedBy;

    @Option(names = "--signed-by-password", paramLabel = "PASSWORD", description = "Password of an encrypted BASENAME.key.")
    String signedByPassword;

    @Option(names = "--signed-by-password-file", paramLabel = "FILE",
            description = "File whose first line is BASENAME.key's password.")
    Path signedByPasswordFile;

    @Option(names = "--client", description = "With --signed-by: a client certificate (extendedKeyUsage clientAuth).")
    boolean client;

    @Option(names = "--force", description = "Overwrite existing files.")
    boolean force;

    @Override
    public Integer call() {
        if (days <= 0) {
            throw new UserException(ExitCode.USAGE, "--days " + days + ": expected a positive number of days");
        }
        if (client && signedBy == null) {
            throw new UserException(ExitCode.USAGE, "--client needs --signed-by (client certificates come from a CA)");
        }
        if (ca && signedBy != null) {
            throw new UserException(ExitCode.USAGE, "--ca and --signed-by cannot be used together (no intermediate CAs yet)");
        }
        KeyType type;
        try {
            type = KeyType.fromCliName(keyType);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCode.USAGE, "--key-type: " + Messages.of(e));
        }
        try {
            HeldCertificate.Builder b = HeldCertificate.builder()
                    .keyType(type).days(days).certificateAuthority(ca).clientAuth(client);
            b.commonName(commonName != null ? commonName : ca ? localCaName() : sans.isEmpty() ? "localhost" : sans.get(0));
            List<String> names = sans.isEmpty() && commonName == null && !ca ? LocalDefaults.LOCALHOST_NAMES : sans;
            names.forEach(b::addSubjectAlternativeName);
            if (signedBy != null) {
                char[] password = Passwords.of(signedByPassword, signedByPasswordFile, "--signed-by-password-file");
                try {
                    b.signedBy(HeldCertificate.load(Path.of(signedBy + ".crt"), Path.of(signedBy + ".key"), password));
                } catch (PkiException e) {
                    throw UserException.of(e, "--signed-by-password or --signed-by-password-file");
                }
            }
            HeldCertificate made = b.build();
            Path crt = Path.of(out + ".crt");
            Path key = Path.of(out + ".key");
            made.writeTo(crt, key, force);
            report(made, crt, key);
        } catch (PkiException e) {
            // The library says the file exists; the hint names this command's option.
            throw e.kind() == PkiException.Kind.EXISTS
                    ? new UserException(ExitCode.EXISTS, e.getMessage() + " (--force overwrites it)", e)
                    : UserException.of(e);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage());
        }
        return ExitCode.OK;
    }

    /**
     * "tlsecho local CA 3f9a1c": each CA its own name, so that "ends at the root CN=..., which is not trusted"
     * never names a root that looks like the trusted one.
     */
    private static String localCaName() {
        byte[] id = new byte[3];
        new java.security.SecureRandom().nextBytes(id);
        return "tlsecho local CA " + java.util.HexFormat.of().formatHex(id);
    }

    private void report(HeldCertificate made, Path crt, Path key) {
        CertificateInfo info = CertificateInfo.of(made.certificate());
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %s and %s%n", crt, key);
        w.printf("  subject     %s%n", info.subject());
        w.printf("  issuer      %s%n", info.issuer());
        w.printf("  key         %s%n", info.keyDescription());
        w.printf("  names       %s%n", !info.subjectAlternativeNames().isEmpty()
                ? String.join(", ", info.subjectAlternativeNames())
                : ca || client ? "none (a " + (ca ? "CA" : "client certificate") + " needs none)"
                : "(no subjectAltName: clients that check hostnames will refuse it; add --san)");
        w.printf("  valid       %s to %s%n", info.notBefore(), info.notAfter());
        w.printf("  sha256      %s%n", info.sha256Fingerprint());
        w.flush();
    }
}
