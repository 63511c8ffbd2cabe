package io.tlsecho.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a ClientHello body (RFC 8446 section 4.1.2) strictly: every length must fit its enclosing one. */
final class ClientHelloParser {

    private static final int SERVER_NAME = 0;
    private static final int SUPPORTED_GROUPS = 10;
    private static final int EC_POINT_FORMATS = 11;
    private static final int SIGNATURE_ALGORITHMS = 13;
    private static final int ALPN = 16;
    private static final int SUPPORTED_VERSIONS = 43;
    private static final int KEY_SHARE = 51;

    private final byte[] b;
    private int pos;
    private final int end;

    private ClientHelloParser(byte[] b, int pos, int end) {
        this.b = b;
        this.pos = pos;
        this.end = end;
    }

    static ClientHello parse(byte[] body) {
        ClientHelloParser in = new ClientHelloParser(body, 0, body.length);
        int legacyVersion = in.u16("version");
        in.skip(32, "random");
        in.skip(in.u8("session id length"), "session id");
        ClientHelloParser ciphers = in.vector(in.u16("cipher suites length"), "cipher suites");
        List<Integer> cipherSuites = ciphers.u16List("cipher suite");
        in.skip(in.u8("compression methods length"), "compression methods");

        List<Integer> extensions = new ArrayList<>();
        List<Integer> versions = List.of();
        List<Integer> groups = List.of();
        List<Integer> pointFormats = new ArrayList<>();
        List<Integer> keyShares = new ArrayList<>();
        List<Integer> signatures = List.of();
        List<String> alpn = new ArrayList<>();
        String serverName = null;
        if (in.remaining() > 0) {
            ClientHelloParser exts = in.vector(in.u16("extensions length"), "extensions");
            while (exts.remaining() > 0) {
                int type = exts.u16("extension type");
                ClientHelloParser data = exts.vector(exts.u16("extension length"), "extension " + TlsNames.extension(type));
                extensions.add(type);
                switch (type) {
                    case SERVER_NAME -> serverName = serverName(data);
                    case SUPPORTED_GROUPS -> groups = data.vector(data.u16("groups length"), "groups").u16List("group");
                    case EC_POINT_FORMATS -> {
                        // Read when present: an empty extension (as some rebuilt hellos have) lists none.
                        if (data.remaining() > 0) {
                            ClientHelloParser list = data.vector(data.u8("point formats length"), "point formats");
                            while (list.remaining() > 0) {
                                pointFormats.add(list.u8("point format"));
                            }
                        }
                    }
                    case SIGNATURE_ALGORITHMS -> signatures = data.vector(data.u16("signature algorithms length"),
                            "signature algorithms").u16List("signature algorithm");
                    case ALPN -> {
                        ClientHelloParser list = data.vector(data.u16("ALPN length"), "ALPN");
                        while (list.remaining() > 0) {
                            int n = list.u8("protocol length");
                            alpn.add(list.string(n, "protocol"));
                        }
                    }
                    case SUPPORTED_VERSIONS -> versions = data.vector(data.u8("versions length"), "versions")
                            .u16List("version");
                    case KEY_SHARE -> {
                        ClientHelloParser list = data.vector(data.u16("key shares length"), "key shares");
                        while (list.remaining() > 0) {
                            keyShares.add(list.u16("key share group"));
                            list.skip(list.u16("key exchange length"), "key exchange");
                        }
                    }
                    default -> data.pos = data.end;
                }
            }
        }
        if (in.remaining() > 0) {
            throw malformed(in.remaining() + " bytes after the extensions");
        }
        return new ClientHello(legacyVersion, cipherSuites, extensions, versions, groups, pointFormats, keyShares,
                signatures, alpn, serverName);
    }

    private static String serverName(ClientHelloParser data) {
        ClientHelloParser list = data.vector(data.u16("server name list length"), "server name list");
        String name = null;
        while (list.remaining() > 0) {
            int nameType = list.u8("server name type");
            String value = list.string(list.u16("server name length"), "server name");
            if (nameType == 0 && name == null) {
                name = value;
            }
        }
        return name;
    }

    private int remaining() {
        return end - pos;
    }

    private void need(int n, String what) {
        if (n > remaining()) {
            throw malformed(what + " needs " + n + " bytes, " + remaining() + " left");
        }
    }

    private int u8(String what) {
        need(1, what);
        return b[pos++] & 0xff;
    }

    private int u16(String what) {
        need(2, what);
        int v = (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    private void skip(int n, String what) {
        need(n, what);
        pos += n;
    }

    private String string(int n, String what) {
        need(n, what);
        String s = new String(b, pos, n, StandardCharsets.ISO_8859_1);
        pos += n;
        return s;
    }

    /** The next {@code n} bytes as their own parser; this one moves past them. */
    private ClientHelloParser vector(int n, String what) {
        need(n, what);
        ClientHelloParser sub = new ClientHelloParser(b, pos, pos + n);
        pos += n;
        return sub;
    }

    private List<Integer> u16List(String what) {
        if (remaining() % 2 != 0) {
            throw malformed(what + " list has an odd length, " + remaining());
        }
        List<Integer> out = new ArrayList<>(remaining() / 2);
        while (remaining() > 0) {
            out.add(u16(what));
        }
        return out;
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed ClientHello: " + why);
    }
}
