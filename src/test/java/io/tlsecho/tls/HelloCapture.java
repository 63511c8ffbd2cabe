package io.tlsecho.tls;

import io.tlsecho.interop.RunningProcess;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Captures the ClientHello a real client sends: a plain socket on 127.0.0.1 takes the bytes and
 * closes, so the client fails after sending it.
 */
final class HelloCapture {

    private HelloCapture() {
    }

    /**
     * Runs {@code command} (its {@code PORT} argument replaced by the capture socket's port) and
     * returns the handshake message it sent, in one TLS record as {@link IndependentJa4} reads it.
     */
    static byte[] record(Path dir, List<String> command) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            server.setSoTimeout(20_000);
            String port = Integer.toString(server.getLocalPort());
            List<String> cmd = command.stream().map(s -> s.replace("PORT", port)).toList();
            try (RunningProcess client = RunningProcess.start(cmd, dir, Map.of());
                 Socket s = server.accept()) {
                s.setSoTimeout(20_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                ByteArrayOutputStream handshake = new ByteArrayOutputStream();
                int need = -1;
                while (need < 0 || handshake.size() < need) {
                    byte[] header = new byte[5];
                    in.readFully(header);
                    if (header[0] != 0x16) {
                        throw new AssertionError("not a handshake record: " + Arrays.toString(header));
                    }
                    byte[] fragment = new byte[(header[3] & 0xff) << 8 | (header[4] & 0xff)];
                    in.readFully(fragment);
                    handshake.writeBytes(fragment);
                    byte[] h = handshake.toByteArray();
                    if (need < 0 && h.length >= 4) {
                        need = 4 + ((h[1] & 0xff) << 16 | (h[2] & 0xff) << 8 | (h[3] & 0xff));
                    }
                }
                s.close();
                client.awaitExit(Duration.ofSeconds(20));
                byte[] message = handshake.toByteArray();
                ByteArrayOutputStream record = new ByteArrayOutputStream();
                record.write(0x16);
                record.write(3);
                record.write(1);
                record.write(message.length >> 8);
                record.write(message.length & 0xff);
                record.writeBytes(message);
                return record.toByteArray();
            }
        }
    }

    /** The ClientHello body inside {@link #record}'s result. */
    static byte[] body(byte[] record) {
        return Arrays.copyOfRange(record, 9, record.length);
    }
}
