package io.tlsecho.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * JA4 computed apart from the production code, as FoxIO's Python reference does it: lists of
 * hex strings, GREASE dropped by table, sorted as text. Input: a TLS record holding a ClientHello.
 */
final class IndependentJa4 {

    private static final Set<String> GREASE = Set.of("0a0a", "1a1a", "2a2a", "3a3a", "4a4a", "5a5a", "6a6a", "7a7a",
            "8a8a", "9a9a", "aaaa", "baba", "caca", "dada", "eaea", "fafa");

    private IndependentJa4() {
    }

    static String of(byte[] record) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(record);
        in.position(5 + 4); // record header, handshake header
        String legacy = hex(in.getShort());
        in.position(in.position() + 32);
        int sessionId = in.get() & 0xff;
        in.position(in.position() + sessionId);
        List<String> ciphers = hexList(in, in.getShort() & 0xffff);
        int compression = in.get() & 0xff;
        in.position(in.position() + compression);
        int extEnd = (in.getShort() & 0xffff) + in.position();
        List<String> exts = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        List<String> sigs = new ArrayList<>();
        String firstAlpn = null;
        while (in.position() < extEnd) {
            String type = hex(in.getShort());
            int len = in.getShort() & 0xffff;
            ByteBuffer data = in.slice(in.position(), len);
            in.position(in.position() + len);
            exts.add(type);
            if (type.equals("002b")) {
                versions = hexList(data, data.get() & 0xff);
            } else if (type.equals("000d")) {
                sigs = hexList(data, data.getShort() & 0xffff);
            } else if (type.equals("0010")) {
                data.getShort();
                byte[] p = new byte[data.get() & 0xff];
                data.get(p);
                firstAlpn = new String(p, StandardCharsets.ISO_8859_1);
            }
        }
        ciphers.removeAll(GREASE);
        exts.removeAll(GREASE);
        versions.removeAll(GREASE);
        sigs.removeAll(GREASE);
        Collections.sort(versions);
        String version = versions.isEmpty() ? legacy : versions.get(versions.size() - 1);
        String v = switch (version) {
            case "0304" -> "13";
            case "0303" -> "12";
            default -> "??";
        };
        String alpn = firstAlpn == null ? "00"
                : "" + firstAlpn.charAt(0) + firstAlpn.charAt(firstAlpn.length() - 1);
        String a = "t" + v + (exts.contains("0000") ? "d" : "i") + String.format("%02d%02d", ciphers.size(), exts.size())
                + alpn;
        List<String> sortedCiphers = new ArrayList<>(ciphers);
        Collections.sort(sortedCiphers);
        List<String> sortedExts = new ArrayList<>(exts);
        sortedExts.remove("0000");
        sortedExts.remove("0010");
        Collections.sort(sortedExts);
        String c = String.join(",", sortedExts) + (sigs.isEmpty() ? "" : "_" + String.join(",", sigs));
        return a + "_" + sha12(String.join(",", sortedCiphers)) + "_" + sha12(c);
    }

    private static List<String> hexList(ByteBuffer in, int bytes) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < bytes / 2; i++) {
            out.add(hex(in.getShort()));
        }
        return out;
    }

    private static String hex(short s) {
        return String.format("%04x", s & 0xffff);
    }

    static String sha12(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 12);
    }
}
