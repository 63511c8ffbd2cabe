package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which certificates a client trusts by default: a local server's certificate file only for this machine. */
class ClientTrustTest {

    private static final HeldCertificate LOCAL = HeldCertificate.builder().addSubjectAlternativeName("localhost").build();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3", "::1", "[::1]",
            "0:0:0:0:0:0:0:1"})
    void theLocalCertificateIsTrustedForThisMachine(String host) throws Exception {
        Path crt = writeLocal();

        ClientTrust trust = ClientTrust.defaultFor(host, crt);

        assertThat(trust.certificates()).containsExactly(LOCAL.certificate());
        assertThat(trust.source()).contains(crt.toString(), "this machine only");
        assertThat(trust.verifyHostname()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost.example.com", "127.0.0.1.example.com", "10.0.0.1", "::2",
            "128.0.0.1", "my.localhost"})
    void anotherHostGetsTheSystemTrustStoreWhateverTheCurrentDirectoryHolds(String host) throws Exception {
        Path crt = writeLocal();

        ClientTrust trust = ClientTrust.defaultFor(host, crt);

        assertThat(trust.usesSystemStore()).isTrue();
        assertThat(trust.certificates()).isNull();
        // A refusal then says why the file was not used.
        assertThat(trust.source()).startsWith(ClientTrust.SYSTEM).contains(crt.toString(), "not for " + host);
    }

    @Test
    void withoutTheFileEveryHostGetsTheSystemTrustStore() throws Exception {
        assertThat(ClientTrust.defaultFor("localhost", dir.resolve("tlsecho.crt"))).isEqualTo(ClientTrust.system());
    }

    private Path writeLocal() throws Exception {
        Path crt = dir.resolve("tlsecho.crt");
        LOCAL.writeTo(crt, dir.resolve("tlsecho.key"), false);
        return crt;
    }
}
