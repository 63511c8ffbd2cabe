package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientHelloTapTest {

    private static final byte[] HELLO = new HelloBytes().ciphers(0x1301).sni("echo.example").alpn("h2")
            .supportedVersions(0x0304).record();

    @Test
    void keepsTheHelloParsesItWhenAskedAndPassesEveryByteOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientHelloTap());

        ch.writeInbound(Unpooled.wrappedBuffer(HELLO));

        assertThat(passedOn(ch)).isEqualTo(HELLO);
        assertThat(ch.pipeline().get(ClientHelloTap.class)).isNull();
        ClientHello hello = ClientHelloTap.clientHello(ch);
        assertThat(hello.serverName()).isEqualTo("echo.example");
        assertThat(hello.alpn()).containsExactly("h2");
        assertThat(ClientHelloTap.clientHello(ch)).isSameAs(hello);
        ch.finishAndReleaseAll();
    }

    @Test
    void aMalformedHelloIsNoneAndItsBytesStillReachTls() {
        byte[] malformed = HELLO.clone();
        // The cipher suites' length (after the record and handshake headers, version, random and session id) runs
        // past the message's end.
        malformed[5 + 4 + 2 + 32 + 1 + 32] = (byte) 0xff;
        EmbeddedChannel ch = new EmbeddedChannel(new ClientHelloTap());

        ch.writeInbound(Unpooled.wrappedBuffer(malformed));

        assertThat(passedOn(ch)).isEqualTo(malformed);
        assertThat(ClientHelloTap.clientHello(ch)).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void aListenerGetsTheHelloAtOnceOrWhyItCouldNotBeRead() {
        List<Object> heard = new ArrayList<>();
        EmbeddedChannel good = new EmbeddedChannel(new ClientHelloTap((c, hello) -> heard.add(hello)));
        byte[] malformed = HELLO.clone();
        malformed[5 + 4 + 2 + 32 + 1 + 32] = (byte) 0xff;
        EmbeddedChannel bad = new EmbeddedChannel(new ClientHelloTap((c, hello) -> heard.add(hello)));

        good.writeInbound(Unpooled.wrappedBuffer(HELLO));
        bad.writeInbound(Unpooled.wrappedBuffer(malformed));

        assertThat(heard).hasSize(2);
        assertThat(heard.get(0)).isInstanceOf(ClientHello.class).isSameAs(ClientHelloTap.clientHello(good));
        assertThat(heard.get(1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientHelloTap.clientHello(bad)).isNull();
        good.finishAndReleaseAll();
        bad.finishAndReleaseAll();
    }

    /** Every byte that reached the handler after the tap, in order. */
    private static byte[] passedOn(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readInbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }
}
