package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The record headers are read across any split, the bytes pass on untouched, and only a 2-byte fatal alert counts. */
class PlaintextAlertTapTest {

    private static final byte[] HELLO = {0x16, 0x03, 0x01, 0x00, 0x03, 1, 2, 3};
    private static final byte[] CHANGE_CIPHER_SPEC = {0x14, 0x03, 0x03, 0x00, 0x01, 0x01};
    private static final byte[] EXPIRED = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 45};

    @Test
    void aPlaintextAlertSplitAcrossReadsIsNamedAndEveryBytePassesOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new PlaintextAlertTap());
        byte[] all = concat(HELLO, CHANGE_CIPHER_SPEC, EXPIRED);
        // One byte a read: every header and body boundary falls inside a split.
        for (byte b : all) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(PlaintextAlertTap.alert(ch)).isEqualTo("certificate_expired");
        assertThat(ch.pipeline().get(PlaintextAlertTap.class)).as("stepped out").isNull();
        assertThat(drain(ch)).isEqualTo(all);
    }

    @Test
    void anEncryptedAlertOrAWarningIsNotAPlaintextAlert() {
        EmbeddedChannel ch = new EmbeddedChannel(new PlaintextAlertTap());
        ch.writeInbound(Unpooled.wrappedBuffer(concat(HELLO, new byte[] {0x15, 0x03, 0x03, 0x00, 0x03, 9, 9, 9})));
        assertThat(PlaintextAlertTap.alert(ch)).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x00}));
        assertThat(PlaintextAlertTap.alert(ch)).as("close_notify, a warning").isNull();
    }

    @Test
    void applicationDataEndsTheLook() {
        EmbeddedChannel ch = new EmbeddedChannel(new PlaintextAlertTap());
        ch.writeInbound(Unpooled.wrappedBuffer(concat(HELLO, new byte[] {0x17, 0x03, 0x03, 0x00, 0x02, 0x02, 45})));
        assertThat(ch.pipeline().get(PlaintextAlertTap.class)).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(EXPIRED));
        assertThat(PlaintextAlertTap.alert(ch)).isNull();
        assertThat(PlaintextAlertTap.name(116)).isEqualTo("certificate_required");
        assertThat(PlaintextAlertTap.name(200)).isEqualTo("alert_200");
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ByteBuf out = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readInbound()) != null; ) {
            out.writeBytes(b);
            b.release();
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuf b = Unpooled.buffer();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        return bytes;
    }
}
