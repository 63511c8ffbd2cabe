package io.tlsecho.interop;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.netty.handler.ssl.ClientAuth;
import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.robust.Fixtures;
import io.tlsecho.server.EchoServer;
import io.tlsecho.server.HandshakeFailure;
import io.tlsecho.tls.TlsOptions;
import io.tlsecho.tls.TlsProvider;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A refused certificate is worded by its real cause, and only the CLI names options: a client certificate for
 * serverAuth only is refused for its usage (not for a root that IS the trusted one), an untrusted one names no
 * option of another command, and the client's error says which of its options would help.
 */
@Timeout(120)
class CertificateRefusalWordsTest {

    private static final HeldCertificate CA = HeldCertificate.builder().commonName("words CA")
            .certificateAuthority(true).build();
    private static final HeldCertificate SERVER = HeldCertificate.builder().commonName("127.0.0.1")
            .addSubjectAlternativeName("127.0.0.1").signedBy(CA).build();

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aClientCertificateForServerAuthOnlyIsRefusedForItsUsage(TlsProvider provider) throws Exception {
        HeldCertificate serverAuthOnly = HeldCertificate.builder().commonName("not a client").clientAuth(false)
                .signedBy(CA).build();
        try (Fixtures.LogCapture log = new Fixtures.LogCapture("echo");
             EchoServer server = mtlsServer(provider)) {
            catchThrowable(() -> exchange(server, serverAuthOnly));
            awaitFailures(server, 1);
            assertThat(log.warnings()).filteredOn(m -> m.startsWith("handshake failed")).singleElement().asString()
                    .isEqualTo("handshake failed: the client's certificate CN=not a client is not for TLS client "
                            + "authentication: its extended key usage allows serverAuth only");
            assertThat(server.stats().handshakeFailures(HandshakeFailure.BAD_CERTIFICATE)).isEqualTo(1);

            // The same CA's client certificate is served: the root was trusted all along.
            HeldCertificate client = HeldCertificate.builder().commonName("a client").clientAuth(true)
                    .signedBy(CA).build();
            assertThat(exchange(server, client)).isEqualTo("hello");
        }
    }

    @Test
    void anUntrustedClientCertificateIsLoggedWithoutAnotherCommandsOption(@TempDir Path dir) throws Exception {
        HeldCertificate otherCa = HeldCertificate.builder().commonName("other CA").certificateAuthority(true).build();
        HeldCertificate stranger = HeldCertificate.builder().commonName("stranger").clientAuth(true)
                .signedBy(otherCa).build();
        Interop.write(stranger, dir, "stranger");
        Interop.write(CA, dir, "ca");
        try (Fixtures.LogCapture log = new Fixtures.LogCapture("echo");
             EchoServer server = mtlsServer(TlsProvider.auto())) {
            // openssl sends the certificate it is given, whatever CAs the server names.
            Interop.feed(dir, Interop.HELLO_NUL, List.of(PeerTools.require("openssl").toString(), "s_client",
                    "-connect", "127.0.0.1:" + server.port(), "-CAfile", "ca.crt", "-cert", "stranger.crt",
                    "-key", "stranger.key", "-quiet"));
            awaitFailures(server, 1);
            assertThat(log.warnings()).filteredOn(m -> m.startsWith("handshake failed")).singleElement().asString()
                    .isEqualTo("handshake failed: the client's certificate CN=stranger is not trusted: it was issued "
                            + "by CN=other CA, which is not in the client CAs and which the client did not send "
                            + "(an incomplete chain, if that is an intermediate)");
        }
    }

    @Test
    void theClientsErrorNamesItsOwnOption(@TempDir Path dir) throws Exception {
        HeldCertificate selfSigned = HeldCertificate.builder().commonName("127.0.0.1")
                .addSubjectAlternativeName("127.0.0.1").build();
        try (EchoServer server = EchoServer.start(EchoServer.builder(selfSigned).host("127.0.0.1").port(0).build())) {
            Interop.CliRun run = Interop.cli("client", "--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                    "-q");
            assertThat(run.exitCode()).as(run::toString).isEqualTo(12);
            assertThat(run.err()).as(run::toString).contains("the server's certificate CN=127.0.0.1 is not trusted: "
                    + "it is self-signed, and not in ").contains("; pass --cafile with it to trust it");
        }
    }

    private static EchoServer mtlsServer(TlsProvider provider) throws Exception {
        return EchoServer.start(EchoServer.builder(SERVER).host("127.0.0.1").port(0)
                .tls(TlsOptions.defaults().withProvider(provider))
                .clientAuth(ClientAuth.REQUIRE, List.of(CA.certificate())).build());
    }

    private static String exchange(EchoServer server, HeldCertificate client) throws Exception {
        try (EchoClient c = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                .trust(List.of(CA.certificate()), "test").certificate(client).build())) {
            return new String(c.exchange(List.of("hello".getBytes(US_ASCII))).echo(), US_ASCII);
        }
    }

    private static void awaitFailures(EchoServer server, int n) throws InterruptedException {
        for (int i = 0; i < 2000 && server.stats().handshakeFailures() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(server.stats().handshakeFailures()).isEqualTo(n);
    }
}
