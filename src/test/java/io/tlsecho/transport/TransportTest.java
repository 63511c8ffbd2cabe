package io.tlsecho.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.EchoServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every transport runs here (Linux, kernel with io_uring) and carries an echo, server and client alike. */
@Timeout(60)
class TransportTest {

    private static final HeldCertificate CERT = HeldCertificate.builder().addSubjectAlternativeName("127.0.0.1").build();

    @ParameterizedTest
    @EnumSource(Transport.class)
    void echoesOverEachTransport(Transport transport) throws Exception {
        assertThat(transport.isAvailable()).as("%s: %s", transport, transport.unavailabilityCause()).isTrue();
        try (EchoServer server = EchoServer.start(EchoServer.builder(CERT).host("127.0.0.1").port(0)
                .transport(transport).build());
             EchoClient client = EchoClient.create(EchoClientConfig.builder().host("127.0.0.1").port(server.port())
                     .trust(List.of(CERT.certificate()), "the test's certificate").transport(transport).build())) {
            EchoResult r = client.exchange(List.of("over ".getBytes(StandardCharsets.US_ASCII),
                    transport.toString().getBytes(StandardCharsets.US_ASCII)));
            assertThat(r.matches()).isTrue();
        }
    }
}
