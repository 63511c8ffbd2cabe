package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.tlsecho.json.Json;
import io.tlsecho.server.ConnectionRecord;
import io.tlsecho.server.Peer;
import io.tlsecho.tls.ClientHello;
import io.tlsecho.tls.ClientHelloTap;
import io.tlsecho.tls.NegotiatedSession;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The part of the description that is the same for every request of a connection (peer, TLS, ClientHello),
 * made once on its first request: as fields for the page and as the JSON text that precedes each request's
 * {@code http} object, so that a JSON answer costs only its request's part.
 */
final class ConnectionFacts {

    private static final AttributeKey<ConnectionFacts> KEY = AttributeKey.valueOf("tlsecho.connectionFacts");
    private static final byte[] END = "}\n".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, Object> fields;
    private final byte[] jsonPrefix;
    private final NegotiatedSession tls;
    private final ClientHello hello;
    private String akamaiText;
    private String akamaiHash;

    private ConnectionFacts(Map<String, Object> fields, NegotiatedSession tls, ClientHello hello) {
        this.fields = fields;
        this.tls = tls;
        this.hello = hello;
        String whole = Json.write(fields);
        // The description's last key is "http": the connection's JSON is the whole but its closing brace.
        this.jsonPrefix = (whole.substring(0, whole.length() - 1) + (fields.isEmpty() ? "" : ",") + "\"http\":")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The facts of {@code connection}, made on first use. */
    static ConnectionFacts of(Channel connection) {
        ConnectionFacts facts = connection.attr(KEY).get();
        if (facts == null) {
            Peer peer = Peer.of(connection);
            ConnectionRecord record = ConnectionRecord.of(connection);
            NegotiatedSession tls = record == null ? null : record.session();
            ClientHello hello = ClientHelloTap.clientHello(connection);
            Map<String, Object> fields = Description.connectionFields(peer.address(), peer.proxiedBy(), tls,
                    hello == null ? null : Description.helloFields(hello));
            facts = new ConnectionFacts(fields, tls, hello);
            connection.attr(KEY).set(facts);
        }
        return facts;
    }

    /** What the handshake negotiated, or null without TLS. */
    NegotiatedSession tls() {
        return tls;
    }

    /** The ClientHello, or null without TLS. */
    ClientHello hello() {
        return hello;
    }

    /** The whole description of {@code request} on this connection. */
    Map<String, Object> description(RequestFacts request) {
        return Description.withRequest(fields, request);
    }

    /** The description of {@code request} as JSON text and a newline, in a buffer of {@code channel}'s allocator. */
    ByteBuf json(Channel channel, RequestFacts request) {
        String http = Json.write(request.fields());
        ByteBuf out = channel.alloc().buffer(jsonPrefix.length + ByteBufUtil.utf8MaxBytes(http) + END.length);
        out.writeBytes(jsonPrefix);
        ByteBufUtil.writeUtf8(out, http);
        out.writeBytes(END);
        return out;
    }

    /** The MD5 of an Akamai fingerprint's text; a connection's requests mostly share one, hashed once. */
    String akamaiHash(String text) {
        if (!text.equals(akamaiText)) {
            akamaiHash = AkamaiFingerprint.hash(text);
            akamaiText = text;
        }
        return akamaiHash;
    }
}
