package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.tlsecho.pki.HeldCertificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link NegotiatedSession#of} on both ends of one real handshake, carried between two embedded channels. */
@Timeout(30)
class NegotiatedSessionOfTest {

    private static final HeldCertificate CA = HeldCertificate.builder().commonName("test CA")
            .certificateAuthority(true).build();
    private static final HeldCertificate SERVER = HeldCertificate.builder().commonName("a.example")
            .addSubjectAlternativeName("a.example").signedBy(CA).build();
    private static final HeldCertificate CLIENT = HeldCertificate.builder().commonName("alice")
            .clientAuth(true).signedBy(CA).build();

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void bothEndsSeeTheSameSessionAndEachOtherCertificate(TlsProvider provider) throws Exception {
        TlsOptions options = TlsOptions.defaults().withProvider(provider).withAlpn(List.of("echo"));
        SslContext serverContext = TlsContexts.server(SERVER, options, ClientAuth.REQUIRE, List.of(CA.certificate()));
        SslContext clientContext = TlsContexts.client(ClientTrust.of(List.of(CA.certificate()), "the test's CA"), CLIENT, options);
        long start = System.nanoTime();
        AtomicReference<NegotiatedSession> serverSide = new AtomicReference<>();
        AtomicReference<NegotiatedSession> clientSide = new AtomicReference<>();
        EmbeddedChannel server = new EmbeddedChannel();
        server.pipeline().addLast(serverContext.newHandler(server.alloc()), new Capture(start, serverSide));
        EmbeddedChannel client = new EmbeddedChannel();
        client.pipeline().addLast(clientContext.newHandler(client.alloc(), "a.example", 443),
                new Capture(start, clientSide));
        try {
            for (int i = 0; i < 20 && (serverSide.get() == null || clientSide.get() == null); i++) {
                carry(client, server);
                carry(server, client);
            }
            NegotiatedSession s = serverSide.get();
            NegotiatedSession c = clientSide.get();
            assertThat(s).isNotNull();
            assertThat(c).isNotNull();
            for (NegotiatedSession n : List.of(s, c)) {
                assertThat(n.protocol()).isEqualTo("TLSv1.3");
                assertThat(n.alpn()).isEqualTo("echo");
                assertThat(n.serverName()).isEqualTo("a.example");
                assertThat(n.resumed()).isFalse();
                assertThat(n.handshakeTime()).isPositive();
            }
            assertThat(s.cipherSuite()).isEqualTo(c.cipherSuite());
            assertThat(s.group()).isEqualTo(c.group());
            assertThat(s.peerSubject()).isEqualTo("CN=alice");
            assertThat(s.peerChain().get(0)).isEqualTo(CLIENT.certificate());
            assertThat(c.peerSubject()).isEqualTo("CN=a.example");
            assertThat(c.peerChain().get(0)).isEqualTo(SERVER.certificate());
        } finally {
            server.finishAndReleaseAll();
            client.finishAndReleaseAll();
        }
    }

    private static void carry(EmbeddedChannel from, EmbeddedChannel to) {
        ByteBuf b;
        while ((b = from.readOutbound()) != null) {
            to.writeInbound(b);
        }
    }

    /** Makes the session on the handshake's success event, as the server and client do. */
    private static final class Capture extends ChannelInboundHandlerAdapter {
        private final long start;
        private final AtomicReference<NegotiatedSession> into;

        Capture(long start, AtomicReference<NegotiatedSession> into) {
            this.start = start;
            this.into = into;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                into.set(NegotiatedSession.of(ctx.pipeline().get(SslHandler.class), start));
            }
        }
    }
}
