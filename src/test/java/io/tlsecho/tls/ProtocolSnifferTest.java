package io.tlsecho.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sniffer names what a peer spoke instead of TLS, passes every byte on untouched, and then leaves. */
class ProtocolSnifferTest {

    @Test
    void aTlsHandshakeRecordIsNotRemarkedAndPassesThrough() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolSniffer());
        byte[] hello = {0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00};
        ch.writeInbound(Unpooled.wrappedBuffer(hello));

        assertThat(ProtocolSniffer.spoke(ch)).isNull();
        assertThat(ch.pipeline().get(ProtocolSniffer.class)).as("steps out after the first bytes").isNull();
        ByteBuf passed = ch.readInbound();
        assertThat(bytes(passed)).isEqualTo(hello);
        passed.release();
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n | HTTP",
        "POST /a HTTP/1.1\\r\\n              | HTTP",
        "HEAD / HTTP/1.0\\r\\n               | HTTP",
        "HTTP/1.1 200 OK\\r\\n               | HTTP",
        "OPTIONS * HTTP/1.1\\r\\n            | HTTP",
        "CONNECT a:443 HTTP/1.1\\r\\n        | HTTP",
        "PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n  | HTTP/2",
        "SSH-2.0-OpenSSH_9.2\\r\\n           | SSH",
        "hello, server\\n                   | plain text",
        "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\\r\\n | a PROXY v1 header",
    })
    void namesWhatThePeerSpokeInstead(String sent, String named) {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolSniffer());
        String message = sent.replace("\\r", "\r").replace("\\n", "\n");
        ch.writeInbound(Unpooled.copiedBuffer(message, US_ASCII));

        assertThat(ProtocolSniffer.spoke(ch)).isEqualTo(named);
        ByteBuf passed = ch.readInbound();
        assertThat(passed.toString(US_ASCII)).as("passed on untouched").isEqualTo(message);
        passed.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void binaryThatIsNotTlsIsBinaryData() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolSniffer());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00, (byte) 0xff, 0x13, 0x37}));
        assertThat(ProtocolSniffer.spoke(ch)).isEqualTo("binary data");
        ch.finishAndReleaseAll();
    }

    @Test
    void aShortFirstReadIsJudgedOnWhatItHas() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolSniffer());
        ch.writeInbound(Unpooled.copiedBuffer("GE", US_ASCII));
        assertThat(ProtocolSniffer.spoke(ch)).isEqualTo("plain text");
        ch.finishAndReleaseAll();
    }

    @Test
    void anEmptyReadDecidesNothing() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolSniffer());
        ch.writeInbound(Unpooled.EMPTY_BUFFER);
        assertThat(ch.pipeline().get(ProtocolSniffer.class)).as("still waiting for the first byte").isNotNull();

        ch.writeInbound(Unpooled.copiedBuffer("SSH-2.0-x\r\n", US_ASCII));
        assertThat(ProtocolSniffer.spoke(ch)).isEqualTo("SSH");
        assertThat(ch.pipeline().get(ProtocolSniffer.class)).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void laterBytesAreNotSniffed() {
        EmbeddedChannel ch = new EmbeddedChannel(new ProtocolSniffer());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x16, 0x03, 0x03}));
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", US_ASCII));
        assertThat(ProtocolSniffer.spoke(ch)).isNull();
        assertThat(ch.inboundMessages()).hasSize(2);
        ch.finishAndReleaseAll();
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }
}
