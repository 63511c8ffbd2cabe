package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.tlsecho.interop.PeerTools;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JA3 of real and made ClientHellos against a computation apart from the production code; GREASE changes nothing. */
class Ja3Test {

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void opensslClientHelloGivesTheIndependentlyComputedJa3() throws Exception {
        List<String> command = List.of(PeerTools.require("openssl").toString(), "s_client", "-connect", "127.0.0.1:PORT",
                "-servername", "example.test", "-alpn", "h2,http/1.1", "-groups", "X25519:P-256",
                "-sigalgs", "ECDSA+SHA256:RSA-PSS+SHA256", "-no_ign_eof");
        byte[] record = HelloCapture.record(dir, command);
        ClientHello hello = ClientHello.parse(HelloCapture.body(record));
        String expected = independentJa3(record);
        assertThat(hello.ja3()).isEqualTo(expected).startsWith("771,4866-4867-4865");
        // X25519 and P-256 as offered, and the three point formats that OpenSSL sends.
        assertThat(hello.ja3()).endsWith(",29-23,0-1-2");
        assertThat(hello.ja3Hash()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("MD5").digest(expected.getBytes(StandardCharsets.US_ASCII))));
        // The raw JA4 is what JA4's hashes are taken of.
        String[] raw = hello.ja4Raw().split("_", 3);
        String[] ja4 = hello.ja4().split("_");
        assertThat(raw[0]).isEqualTo(ja4[0]);
        assertThat(sha12(raw[1])).isEqualTo(ja4[1]);
        assertThat(sha12(raw[2])).isEqualTo(ja4[2]);
    }

    @Test
    void greaseDoesNotChangeJa3() {
        ClientHello plain = new ClientHello(0x0303, List.of(0x1301, 0xc02b), List.of(0, 10, 11, 43),
                List.of(0x0304, 0x0303), List.of(29, 23), List.of(0), List.of(29), List.of(0x0403), List.of("h2"),
                "a.test");
        ClientHello greased = new ClientHello(0x0303, List.of(0x0a0a, 0x1301, 0xc02b), List.of(0x2a2a, 0, 10, 11, 43,
                0xdada), List.of(0x7a7a, 0x0304, 0x0303), List.of(0xfafa, 29, 23), List.of(0), List.of(0xfafa, 29),
                List.of(0x0403), List.of("h2"), "a.test");
        assertThat(plain.ja3()).isEqualTo("771,4865-49195,0-10-11-43,29-23,0");
        assertThat(greased.ja3()).isEqualTo(plain.ja3());
        assertThat(greased.ja3Hash()).isEqualTo(plain.ja3Hash()).hasSize(32);
        assertThat(greased.ja4Raw()).isEqualTo(plain.ja4Raw());
    }

    /** JA3 from a TLS record holding a ClientHello, read here with ByteBuffer and GREASE dropped by its pattern. */
    private static String independentJa3(byte[] record) {
        ByteBuffer in = ByteBuffer.wrap(record);
        in.position(5 + 4);
        int version = in.getShort() & 0xffff;
        in.position(in.position() + 32);
        int sessionId = in.get() & 0xff;
        in.position(in.position() + sessionId);
        List<Integer> ciphers = u16s(in, in.getShort() & 0xffff);
        int compression = in.get() & 0xff;
        in.position(in.position() + compression);
        int extensionsLength = in.getShort() & 0xffff;
        int end = in.position() + extensionsLength;
        List<Integer> exts = new ArrayList<>();
        List<Integer> curves = List.of();
        List<Integer> formats = new ArrayList<>();
        while (in.position() < end) {
            int type = in.getShort() & 0xffff;
            int len = in.getShort() & 0xffff;
            ByteBuffer data = in.slice(in.position(), len);
            in.position(in.position() + len);
            exts.add(type);
            if (type == 10) {
                curves = u16s(data, data.getShort() & 0xffff);
            } else if (type == 11) {
                int n = data.get() & 0xff;
                for (int i = 0; i < n; i++) {
                    formats.add(data.get() & 0xff);
                }
            }
        }
        return version + "," + dashes(ciphers) + "," + dashes(exts) + "," + dashes(curves) + "," + dashes(formats);
    }

    private static List<Integer> u16s(ByteBuffer in, int bytes) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < bytes; i += 2) {
            out.add(in.getShort() & 0xffff);
        }
        return out;
    }

    private static String dashes(List<Integer> values) {
        // GREASE: 0x?a?a with both bytes equal.
        return values.stream().filter(v -> !((v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff)))
                .map(String::valueOf).collect(Collectors.joining("-"));
    }

    private static String sha12(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.US_ASCII))).substring(0, 12);
    }
}
