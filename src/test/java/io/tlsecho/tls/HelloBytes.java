package io.tlsecho.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds ClientHello message bodies for tests: lists of code points in, bytes out. */
final class HelloBytes {

    private final List<Integer> ciphers = new ArrayList<>();
    private final List<byte[]> extensions = new ArrayList<>();

    HelloBytes ciphers(int... codes) {
        for (int c : codes) {
            ciphers.add(c);
        }
        return this;
    }

    /** An extension with raw data. */
    HelloBytes extension(int type, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, type);
        u16(out, data.length);
        out.writeBytes(data);
        extensions.add(out.toByteArray());
        return this;
    }

    HelloBytes sni(String host) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        entry.write(0);
        u16(entry, name.length);
        entry.writeBytes(name);
        return extension(0x0000, vector16(entry.toByteArray()));
    }

    HelloBytes alpn(String... protocols) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (String p : protocols) {
            byte[] b = p.getBytes(StandardCharsets.ISO_8859_1);
            list.write(b.length);
            list.writeBytes(b);
        }
        return extension(0x0010, vector16(list.toByteArray()));
    }

    HelloBytes u16ListExtension(int type, int... codes) {
        return extension(type, vector16(u16s(codes)));
    }

    HelloBytes supportedVersions(int... versions) {
        byte[] list = u16s(versions);
        byte[] data = new byte[list.length + 1];
        data[0] = (byte) list.length;
        System.arraycopy(list, 0, data, 1, list.length);
        return extension(0x002b, data);
    }

    HelloBytes keyShares(int... groups) {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        for (int g : groups) {
            u16(list, g);
            u16(list, 32);
            list.writeBytes(new byte[32]);
        }
        return extension(0x0033, vector16(list.toByteArray()));
    }

    HelloBytes empty(int type) {
        return extension(type, new byte[0]);
    }

    /** The ClientHello body: version 0x0303, zero random, a 32-byte session id, no compression. */
    byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, 0x0303);
        out.writeBytes(new byte[32]);
        out.write(32);
        out.writeBytes(new byte[32]);
        out.writeBytes(vector16(u16s(ciphers.stream().mapToInt(Integer::intValue).toArray())));
        out.write(1);
        out.write(0);
        ByteArrayOutputStream exts = new ByteArrayOutputStream();
        extensions.forEach(exts::writeBytes);
        out.writeBytes(vector16(exts.toByteArray()));
        return out.toByteArray();
    }

    /** {@link #body()} in a handshake header and a TLS record, as a client sends it. */
    byte[] record() {
        byte[] body = body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x16);
        u16(out, 0x0301);
        u16(out, body.length + 4);
        out.write(1);
        out.write(body.length >> 16);
        u16(out, body.length & 0xffff);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] u16s(int... codes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int c : codes) {
            u16(out, c);
        }
        return out.toByteArray();
    }

    static byte[] vector16(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        u16(out, data.length);
        out.writeBytes(data);
        return out.toByteArray();
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >> 8);
        out.write(v & 0xff);
    }
}
