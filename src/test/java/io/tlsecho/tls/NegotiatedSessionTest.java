package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NegotiatedSessionTest {

    @Test
    void absentValuesReadNone() {
        NegotiatedSession s = new NegotiatedSession("TLSv1.3", "TLS_AES_128_GCM_SHA256", null, null, "", false,
                Duration.ofNanos(1_250_000), List.of());

        assertThat(s.line()).isEqualTo("protocol TLSv1.3, cipher TLS_AES_128_GCM_SHA256, group none, alpn none, "
                + "sni none, resumed no, handshake 1.3 ms");
    }

    @Test
    void presentValuesAreShownAsTheyAre() {
        NegotiatedSession s = new NegotiatedSession("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "X25519", "h2",
                "a.example", true, Duration.ofMillis(12), List.of());

        assertThat(s.fields()).containsExactly(
                entry("protocol", "TLSv1.2"), entry("cipher", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                entry("group", "X25519"), entry("alpn", "h2"), entry("sni", "a.example"), entry("resumed", "yes"),
                entry("handshake", "12.0 ms"));
    }

    private static Map.Entry<String, String> entry(String k, String v) {
        return Map.entry(k, v);
    }
}
