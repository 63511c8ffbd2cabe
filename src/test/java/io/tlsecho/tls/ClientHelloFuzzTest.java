package io.tlsecho.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tlsecho.client.EchoClient;
import io.tlsecho.client.EchoClientConfig;
import io.tlsecho.client.EchoResult;
import io.tlsecho.interop.PeerTools;
import io.tlsecho.pki.HeldCertificate;
import io.tlsecho.server.ConnectionHandler;
import io.tlsecho.server.EchoServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random mutations of a real ClientHello (openssl s_client's), seeded and bounded: the parser only ever
 * refuses with its own exception, and a server reading ClientHellos loses nothing but each bad connection.
 */
class ClientHelloFuzzTest {

    private static final long SEED = 20261126L;
    private static final int MUTANTS = 200;

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void mutatedClientHellosCostOnlyTheirConnection() throws Exception {
        byte[] record = HelloCapture.record(dir, List.of(PeerTools.require("openssl").toString(), "s_client",
                "-connect", "127.0.0.1:PORT", "-servername", "fuzz.test", "-alpn", "h2,http/1.1", "-no_ign_eof"));
        Random random = new Random(SEED);
        HeldCertificate cert = HeldCertificate.builder().addSubjectAlternativeName("localhost").build();
        try (EchoServer server = EchoServer.start(EchoServer.builder(cert).host("127.0.0.1").port(0)
                .handler(ConnectionHandler.helloReply()).threads(1).build())) {
            for (int i = 0; i < MUTANTS; i++) {
                byte[] mutant = mutate(record, random);
                byte[] body = Arrays.copyOfRange(mutant, Math.min(9, mutant.length), mutant.length);
                assertThatCode(() -> {
                    try {
                        ClientHello.parse(body);
                    } catch (IllegalArgumentException expected) {
                        assertThat(expected).hasMessageStartingWith("malformed ClientHello: ");
                    }
                }).as("mutant %d", i).doesNotThrowAnyException();
                send(server.port(), mutant);
            }
            // The server is still up and serves the next client a description of its ClientHello.
            try (EchoClient client = EchoClient.create(EchoClientConfig.builder().host("localhost").port(server.port())
                    .trust(List.of(cert.certificate()), "test").build())) {
                EchoResult r = client.exchange(List.of("after the fuzz".getBytes(StandardCharsets.UTF_8)));
                assertThat(new String(r.echo(), StandardCharsets.UTF_8)).contains("\"ja4\":\"t13");
            }
        }
    }

    /** One to three of: a changed byte, a cut, an inserted run, a deleted run, a duplicated run. */
    static byte[] mutate(byte[] in, Random random) {
        byte[] b = in.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 1; e++) {
            int at = random.nextInt(b.length);
            int len = 1 + random.nextInt(Math.min(16, b.length - at));
            b = switch (random.nextInt(5)) {
                case 0 -> {
                    b[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : random.nextBoolean() ? 0 : 0xff);
                    yield b;
                }
                case 1 -> Arrays.copyOf(b, at);
                case 2 -> {
                    byte[] run = new byte[len];
                    random.nextBytes(run);
                    yield splice(b, at, 0, run);
                }
                case 3 -> splice(b, at, len, new byte[0]);
                default -> splice(b, at, 0, Arrays.copyOfRange(b, at, at + len));
            };
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /** Sends the bytes, ends the sending side, and reads whatever comes back until the server closes. */
    private static void send(int port, byte[] bytes) throws Exception {
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(bytes);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                while (in.read(buf) >= 0) {
                    // drain: an alert, or nothing
                }
            } catch (java.net.SocketException | SocketTimeoutException e) {
                // a reset or a server still waiting: either way it is the next connection that matters
            }
        }
    }
}
