package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tlsecho.interop.PeerTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ClientHello parser and JA4: FoxIO's worked example, GREASE, ALPN edge cases, and a real OpenSSL client. */
class ClientHelloTest {

    private static final int[] FOXIO_CIPHERS = {
        0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
        0x002f, 0x0035};
    private static final int[] FOXIO_SIGNATURES = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};

    @TempDir
    Path dir;

    /** FoxIO's example in technical_details/JA4.md: its ciphers, extensions (in that order) and signature algorithms. */
    private static HelloBytes foxIoExample(boolean grease) {
        HelloBytes h = new HelloBytes();
        if (grease) {
            h.ciphers(0x3a3a).empty(0xfafa);
        }
        h.ciphers(FOXIO_CIPHERS);
        h.empty(0x001b).sni("example.com").keyShares(grease ? new int[] {0x8a8a, 0x001d} : new int[] {0x001d})
                .alpn("h2", "http/1.1").empty(0x4469).empty(0x0017).extension(0x002d, new byte[] {1, 1})
                .u16ListExtension(0x000d, grease ? prepend(0x0a0a, FOXIO_SIGNATURES) : FOXIO_SIGNATURES)
                .extension(0x0005, new byte[] {1, 0, 0, 0, 0}).empty(0x0023).empty(0x0012)
                .supportedVersions(grease ? new int[] {0x2a2a, 0x0304, 0x0303} : new int[] {0x0304, 0x0303})
                .extension(0xff01, new byte[] {0}).extension(0x000b, new byte[] {1, 0})
                .u16ListExtension(0x000a, grease ? new int[] {0x6a6a, 0x001d, 0x0017} : new int[] {0x001d, 0x0017})
                .extension(0x0015, new byte[8]);
        if (grease) {
            h.extension(0x1a1a, new byte[] {0});
        }
        return h;
    }

    private static int[] prepend(int first, int[] rest) {
        int[] out = new int[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @Test
    void foxIoWorkedExample() throws Exception {
        ClientHello hello = ClientHello.parse(foxIoExample(false).body());
        assertThat(hello.ja4()).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(IndependentJa4.of(foxIoExample(false).record())).isEqualTo(hello.ja4());
        assertThat(hello.serverName()).isEqualTo("example.com");
        assertThat(hello.alpn()).containsExactly("h2", "http/1.1");
        assertThat(hello.fields()).containsOnlyKeys("ja4", "versions", "ciphers", "groups", "key_shares",
                "signature_algorithms", "alpn", "sni", "extensions");
        assertThat(hello.fields().get("versions")).isEqualTo(List.of("TLSv1.3", "TLSv1.2"));
        assertThat(hello.fields().get("key_shares")).isEqualTo(List.of("x25519"));
        assertThat(hello.fields().get("extensions")).asString().startsWith("[compress_certificate, server_name, key_share, application_layer_protocol_negotiation, 0x4469");
    }

    @Test
    void greaseValuesDoNotChangeJa4() throws Exception {
        ClientHello plain = ClientHello.parse(foxIoExample(false).body());
        ClientHello greased = ClientHello.parse(foxIoExample(true).body());
        assertThat(greased.cipherSuites()).contains(0x3a3a);
        assertThat(greased.extensions()).contains(0xfafa, 0x1a1a);
        assertThat(greased.ja4()).isEqualTo(plain.ja4()).isEqualTo(IndependentJa4.of(foxIoExample(true).record()));
        assertThat((List<?>) greased.fields().get("ciphers")).first().isEqualTo("GREASE (0x3a3a)");
    }

    @Test
    void withoutSniAlpnOrSignatureAlgorithms() {
        ClientHello hello = ClientHello.parse(new HelloBytes().ciphers(0x1301).empty(0x0017).body());
        // No supported_versions: the version field, 0x0303. No signature algorithms: no "_" after the extensions.
        assertThat(hello.ja4()).isEqualTo("t12i0101" + "00_" + sha12("1301") + "_" + sha12("0017"));
        ClientHello bare = ClientHello.parse(new HelloBytes().body());
        assertThat(bare.ja4()).isEqualTo("t12i000000_000000000000_000000000000");
        assertThat(bare.summary()).contains("sni none").contains("alpn []");
    }

    @Test
    void alpnCharactersFollowTheSpec() {
        assertThat(Ja4.alpn(List.of("http/1.1"))).isEqualTo("h1");
        assertThat(Ja4.alpn(List.of("h"))).isEqualTo("hh");
        assertThat(Ja4.alpn(List.of(""))).isEqualTo("00");
        // FoxIO's examples for non-alphanumeric bytes: the hex representation's first and last digit.
        assertThat(Ja4.alpn(List.of(latin1(0xab)))).isEqualTo("ab");
        assertThat(Ja4.alpn(List.of(latin1(0xab, 0xcd)))).isEqualTo("ad");
        assertThat(Ja4.alpn(List.of(latin1(0x30, 0xab)))).isEqualTo("3b");
        assertThat(Ja4.alpn(List.of(latin1(0x30, 0x31, 0xab, 0xcd)))).isEqualTo("3d");
        assertThat(Ja4.alpn(List.of(latin1(0x30, 0xab, 0xcd, 0x31)))).isEqualTo("01");
    }

    @Test
    void everyTruncationIsRefusedWithAReason() {
        byte[] body = foxIoExample(true).body();
        ClientHello whole = ClientHello.parse(body);
        // Cut just before the extensions, it is a valid ClientHello without any.
        int withoutExtensions = 2 + 32 + 1 + 32 + 2 + 2 * whole.cipherSuites().size() + 2;
        assertThat(ClientHello.parse(Arrays.copyOf(body, withoutExtensions)).extensions()).isEmpty();
        for (int n = 0; n < body.length; n++) {
            if (n == withoutExtensions) {
                continue;
            }
            byte[] prefix = Arrays.copyOf(body, n);
            assertThatThrownBy(() -> ClientHello.parse(prefix)).as("prefix of %d bytes", n)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("malformed ClientHello: ");
        }
    }

    @Test
    @Timeout(60)
    void opensslClientHelloMatchesAnIndependentJa4AndIsStable() throws Exception {
        List<String> command = List.of(PeerTools.require("openssl").toString(), "s_client", "-connect", "127.0.0.1:PORT",
                "-servername", "example.test", "-alpn", "h2,http/1.1", "-groups", "X25519:P-256",
                "-sigalgs", "ECDSA+SHA256:RSA-PSS+SHA256:RSA+SHA256", "-no_ign_eof");
        byte[] first = HelloCapture.record(dir, command);
        byte[] second = HelloCapture.record(dir, command);
        ClientHello hello = ClientHello.parse(HelloCapture.body(first));
        assertThat(hello.ja4()).isEqualTo(IndependentJa4.of(first)).startsWith("t13d").contains("h2_");
        assertThat(ClientHello.parse(HelloCapture.body(second)).ja4()).isEqualTo(hello.ja4());
        assertThat(hello.serverName()).isEqualTo("example.test");
        assertThat(hello.alpn()).containsExactly("h2", "http/1.1");
        assertThat(hello.fields().get("groups")).isEqualTo(List.of("x25519", "secp256r1"));
        assertThat(hello.fields().get("signature_algorithms"))
                .isEqualTo(List.of("ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"));
    }

    @Test
    @Timeout(60)
    void greaseInARealClientHelloDoesNotChangeJa4() throws Exception {
        // Go and BoringSSL clients GREASE where OpenSSL does not: add GREASE, as BoringSSL places it, to openssl's hello.
        byte[] record = HelloCapture.record(dir, List.of(PeerTools.require("openssl").toString(), "s_client",
                "-connect", "127.0.0.1:PORT", "-servername", "example.test", "-alpn", "h2", "-no_ign_eof"));
        ClientHello real = ClientHello.parse(HelloCapture.body(record));
        HelloBytes plain = rebuild(real, false);
        HelloBytes greased = rebuild(real, true);
        ClientHello withGrease = ClientHello.parse(greased.body());
        assertThat(withGrease.cipherSuites()).first().isEqualTo(0x0a0a);
        assertThat(withGrease.extensions()).startsWith(0x2a2a).endsWith(0xdada);
        assertThat(ClientHello.parse(plain.body()).ja4()).isEqualTo(real.ja4());
        assertThat(withGrease.ja4()).isEqualTo(real.ja4()).isEqualTo(IndependentJa4.of(greased.record()));
    }

    /** The same ClientHello (by what JA4 reads), with GREASE values first in each list and two GREASE extensions. */
    private static HelloBytes rebuild(ClientHello h, boolean grease) {
        HelloBytes b = new HelloBytes();
        if (grease) {
            b.ciphers(0x0a0a).empty(0x2a2a);
        }
        b.ciphers(h.cipherSuites().stream().mapToInt(Integer::intValue).toArray());
        for (int type : h.extensions()) {
            switch (type) {
                case 0x0000 -> b.sni(h.serverName());
                case 0x000a -> b.u16ListExtension(type, withGrease(grease, 0x1a1a, h.groups()));
                case 0x000d -> b.u16ListExtension(type, withGrease(grease, 0x3a3a, h.signatureAlgorithms()));
                case 0x0010 -> b.alpn(h.alpn().toArray(String[]::new));
                case 0x002b -> b.supportedVersions(withGrease(grease, 0x4a4a, h.supportedVersions()));
                case 0x0033 -> b.keyShares(withGrease(grease, 0x1a1a, h.keyShares()));
                default -> b.empty(type);
            }
        }
        if (grease) {
            b.extension(0xdada, new byte[] {0});
        }
        return b;
    }

    private static int[] withGrease(boolean grease, int value, List<Integer> values) {
        int[] plain = values.stream().mapToInt(Integer::intValue).toArray();
        return grease ? prepend(value, plain) : plain;
    }

    private static String latin1(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static String sha12(String s) {
        try {
            return IndependentJa4.sha12(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
