package io.tlsecho.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.pki.HeldCertificate;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The --sni certificates are listed in the order given, in the server's list and /status; the metrics has them all. */
@Timeout(60)
class SniOrderTest {

    private static final List<String> GIVEN = List.of("z.example", "a.example", "m.example", "b.example", "y.example");

    @Test
    void sniCertificatesKeepTheOrderGiven() throws Exception {
        EchoServerConfig.Builder b = EchoServer.builder(cert("default.example")).host("127.0.0.1").port(0);
        for (String name : GIVEN) {
            b.sni(name, cert(name));
        }
        try (EchoServer server = EchoServer.start(b.build());
             AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), server)) {
            assertThat(server.certificates().stream().map(ServedCertificate::sni).toList().subList(1, 6))
                    .isEqualTo(GIVEN);
            assertThat(names(AdminTestSupport.get(admin.address(), "/status").body(), "\"sni\":\"([^\"]+)\""))
                    .containsSubsequence(GIVEN).doesNotHaveDuplicates();
            assertThat(names(AdminTestSupport.get(admin.address(), "/metrics").body(),
                    "tlsecho_certificate_expiry_timestamp_seconds\\{sni=\"([^\"]+)\""))
                    .as("the Prometheus client sorts series by their labels").isSorted()
                    .containsExactlyInAnyOrderElementsOf(GIVEN);
        }
    }

    private static List<String> names(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            if (!m.group(1).equals(ServedCertificate.DEFAULT_SNI)) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static HeldCertificate cert(String name) {
        return HeldCertificate.builder().commonName(name).addSubjectAlternativeName(name).build();
    }
}
