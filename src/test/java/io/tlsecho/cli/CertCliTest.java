package io.tlsecho.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tlsecho cert}: the files it writes, and its refusals. */
class CertCliTest {

    @TempDir
    Path dir;

    private X509Certificate load(Path base) throws Exception {
        return HeldCertificate.load(crt(base), key(base), null).certificate();
    }

    private static Path crt(Path base) {
        return base.resolveSibling(base.getFileName() + ".crt");
    }

    private static Path key(Path base) {
        return base.resolveSibling(base.getFileName() + ".key");
    }

    private static String sans(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList().toString();
    }

    @Test
    void writesCertificateAndPrivateKeyReadableByOwnerOnly() throws Exception {
        Path base = dir.resolve("tlsecho");

        CliRun run = CliRun.of("cert", "--out", base.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("wrote " + crt(base) + " and " + key(base));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key(base)))).isEqualTo("rw-------");
        X509Certificate cert = load(base);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(sans(cert)).isEqualTo("[localhost, 127.0.0.1, 0:0:0:0:0:0:0:1]");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path base = dir.resolve("tlsecho");
        assertThat(CliRun.of("cert", "--out", base.toString()).exitCode()).isEqualTo(ExitCode.OK);
        byte[] firstCrt = Files.readAllBytes(crt(base));
        byte[] firstKey = Files.readAllBytes(key(base));

        CliRun again = CliRun.of("cert", "--out", base.toString());

        assertThat(again.exitCode()).isEqualTo(ExitCode.EXISTS);
        assertThat(again.errLines()).hasSize(1);
        assertThat(again.err()).startsWith("tlsecho: ").contains(crt(base).toString(), "--force");
        assertThat(Files.readAllBytes(crt(base))).isEqualTo(firstCrt);
        assertThat(Files.readAllBytes(key(base))).isEqualTo(firstKey);

        CliRun forced = CliRun.of("cert", "--out", base.toString(), "--force");

        assertThat(forced.exitCode()).as(forced.err()).isEqualTo(ExitCode.OK);
        assertThat(Files.readAllBytes(crt(base))).isNotEqualTo(firstCrt);
        assertThat(Files.readAllBytes(key(base))).isNotEqualTo(firstKey);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key(base)))).isEqualTo("rw-------");
    }

    @Test
    void seedStyleCertificateHasCommonNameOnly() throws Exception {
        Path base = dir.resolve("pymotw");

        CliRun run = CliRun.of("cert", "--out", base.toString(), "--key-type", "rsa-2048", "--cn", "pymotw.com");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        X509Certificate cert = load(base);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=pymotw.com");
        assertThat(cert.getSubjectAlternativeNames()).isNull();
        assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(run.out()).contains("no subjectAltName");
    }

    @Test
    void explicitSubjectAltNamesReplaceTheDefaults() throws Exception {
        Path base = dir.resolve("named");

        CliRun run = CliRun.of("cert", "--out", base.toString(), "--san", "echo.example,10.0.0.1");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(sans(load(base))).isEqualTo(List.of("echo.example", "10.0.0.1").toString());
    }

    @Test
    void unknownKeyTypeIsAUsageError() {
        CliRun run = CliRun.of("cert", "--out", dir.resolve("x").toString(), "--key-type", "dsa-1024");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).startsWith("tlsecho: --key-type").contains("dsa-1024");
        assertThat(Files.exists(dir.resolve("x.crt"))).isFalse();
    }

    @Test
    void unknownOptionIsAUsageErrorWithoutStackTrace() {
        CliRun run = CliRun.of("cert", "--frobnicate");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.errLines()).hasSizeLessThanOrEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("tlsecho: ").contains("--frobnicate");
        assertThat(run.err()).doesNotContain("\tat ");
    }

    @Test
    void theFirstSanIsTheCommonNameAndCasAndClientsAreNotWarnedAboutNames() throws Exception {
        CliRun named = CliRun.of("cert", "--out", dir.resolve("myhost").toString(), "--san", "myhost,10.0.0.1");
        assertThat(named.exitCode()).as(named.err()).isEqualTo(ExitCode.OK);
        assertThat(load(dir.resolve("myhost")).getSubjectX500Principal().getName()).isEqualTo("CN=myhost");

        CliRun ca = CliRun.of("cert", "--ca", "--out", dir.resolve("ca").toString());
        assertThat(ca.exitCode()).as(ca.err()).isEqualTo(ExitCode.OK);
        assertThat(ca.out()).contains("names       none (a CA needs none)").doesNotContain("will refuse");
        CliRun client = CliRun.of("cert", "--signed-by", dir.resolve("ca").toString(), "--client",
                "--out", dir.resolve("alice").toString(), "--cn", "alice");
        assertThat(client.exitCode()).as(client.err()).isEqualTo(ExitCode.OK);
        assertThat(client.out()).contains("names       none (a client certificate needs none)")
                .doesNotContain("will refuse");
    }

    @Test
    void eachLocalCaHasItsOwnName() throws Exception {
        assertThat(CliRun.of("cert", "--ca", "--out", dir.resolve("one").toString()).exitCode()).isZero();
        assertThat(CliRun.of("cert", "--ca", "--out", dir.resolve("two").toString()).exitCode()).isZero();
        String one = load(dir.resolve("one")).getSubjectX500Principal().getName();
        String two = load(dir.resolve("two")).getSubjectX500Principal().getName();
        assertThat(one).matches("CN=tlsecho local CA [0-9a-f]{6}");
        assertThat(two).matches("CN=tlsecho local CA [0-9a-f]{6}").isNotEqualTo(one);
    }

    @Test
    void anOutputThatCannotBeWrittenSaysCannotWriteAndExitsAsDocumented() throws Exception {
        Path notADirectory = Files.createFile(dir.resolve("plain-file"));
        Path base = notADirectory.resolve("tlsecho");

        CliRun run = CliRun.of("cert", "--out", base.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.FILE);
        assertThat(run.errLines()).singleElement().asString()
                .isEqualTo("tlsecho: cannot write " + crt(base) + ": " + notADirectory + " is not a directory");
    }

    @Test
    void anEncryptedCaKeyIsOpenedBySignedByPassword() throws Exception {
        Path ca = dir.resolve("ca");
        assertThat(CliRun.of("cert", "--ca", "--out", ca.toString()).exitCode()).isEqualTo(ExitCode.OK);
        Path plainKey = key(ca);
        Object caSubject = load(ca).getSubjectX500Principal();
        Path encrypted = dir.resolve("enc.key");
        Process p = new ProcessBuilder(io.tlsecho.interop.PeerTools.require("openssl").toString(), "pkcs8", "-topk8",
                "-v2", "aes-256-cbc", "-in", plainKey.toString(), "-out", encrypted.toString(), "-passout", "pass:s3cret")
                .redirectErrorStream(true).start();
        try {
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
        } finally {
            p.destroyForcibly();
        }
        Files.move(encrypted, plainKey, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CliRun without = CliRun.of("cert", "--signed-by", ca.toString(), "--out", dir.resolve("a").toString());
        assertThat(without.exitCode()).as(without.err()).isEqualTo(ExitCode.KEY);
        assertThat(without.errLines()).singleElement().asString()
                .contains("it is encrypted").contains("--signed-by-password").doesNotContain("--key-password");

        Path leaf = dir.resolve("b");
        CliRun with = CliRun.of("cert", "--signed-by", ca.toString(), "--signed-by-password", "s3cret",
                "--out", leaf.toString());
        assertThat(with.exitCode()).as(with.err()).isEqualTo(ExitCode.OK);
        assertThat(load(leaf).getIssuerX500Principal()).isEqualTo(caSubject);
    }
}
