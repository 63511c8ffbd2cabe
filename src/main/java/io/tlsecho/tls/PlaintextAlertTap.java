package io.tlsecho.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.Map;

/**
 * Reads the record headers a peer sends before TLS does, and keeps the alert of a 2-byte plaintext alert record:
 * a TLS 1.3 client (OpenSSL's, curl's, Python's) that refuses our certificate sends its alert unencrypted, which the
 * engine, expecting an encrypted record, reports only as a bad record length. Steps out at the first application
 * data record, or when a plaintext alert has been read; only a fatal alert is kept.
 */
public final class PlaintextAlertTap extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<String> ALERT = AttributeKey.valueOf("tlsecho.plaintextAlert");
    private static final int HEADER = 5;
    private static final int ALERT_RECORD = 21;
    private static final int APPLICATION_DATA_RECORD = 23;
    private static final byte FATAL = 2;

    /** The alert descriptions of RFC 8446 section 6 and RFC 5246 section 7.2, by number. */
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "close_notify"), Map.entry(10, "unexpected_message"), Map.entry(20, "bad_record_mac"),
            Map.entry(22, "record_overflow"), Map.entry(40, "handshake_failure"), Map.entry(42, "bad_certificate"),
            Map.entry(43, "unsupported_certificate"), Map.entry(44, "certificate_revoked"),
            Map.entry(45, "certificate_expired"), Map.entry(46, "certificate_unknown"),
            Map.entry(47, "illegal_parameter"), Map.entry(48, "unknown_ca"), Map.entry(49, "access_denied"),
            Map.entry(50, "decode_error"), Map.entry(51, "decrypt_error"), Map.entry(70, "protocol_version"),
            Map.entry(71, "insufficient_security"), Map.entry(80, "internal_error"),
            Map.entry(86, "inappropriate_fallback"), Map.entry(90, "user_canceled"),
            Map.entry(109, "missing_extension"), Map.entry(110, "unsupported_extension"),
            Map.entry(112, "unrecognized_name"), Map.entry(113, "bad_certificate_status_response"),
            Map.entry(115, "unknown_psk_identity"), Map.entry(116, "certificate_required"),
            Map.entry(120, "no_application_protocol"));

    // The header (and, for an alert, its two bytes) being read, across reads that split it.
    private final byte[] head = new byte[HEADER + 2];
    private int headRead;
    // Bytes of the current record's body still to skip.
    private int skip;

    /** The name of the plaintext alert the peer on {@code ch} sent (e.g. {@code certificate_expired}), or null. */
    public static String alert(Channel ch) {
        return ch.attr(ALERT).get();
    }

    /** The name of alert description {@code code}, or {@code alert_N} for one this table lacks. */
    static String name(int code) {
        return NAMES.getOrDefault(code, "alert_" + code);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf in && scan(ctx.channel(), in)) {
            ctx.pipeline().remove(this);
        }
        ctx.fireChannelRead(msg);
    }

    /** Reads the record boundaries in {@code in} without consuming it; true when there is no more to look for. */
    private boolean scan(Channel ch, ByteBuf in) {
        int i = in.readerIndex();
        int end = in.writerIndex();
        while (i < end) {
            if (skip > 0) {
                int n = Math.min(skip, end - i);
                skip -= n;
                i += n;
                continue;
            }
            head[headRead++] = in.getByte(i++);
            if (headRead < HEADER) {
                continue;
            }
            int type = head[0] & 0xff;
            int length = (head[3] & 0xff) << 8 | head[4] & 0xff;
            if (type == APPLICATION_DATA_RECORD) {
                return true;
            }
            if (type == ALERT_RECORD && length == 2) {
                if (headRead < HEADER + 2) {
                    continue;
                }
                if (head[HEADER] == FATAL) {
                    ch.attr(ALERT).set(name(head[HEADER + 1] & 0xff));
                }
                return true;
            }
            skip = length;
            headRead = 0;
        }
        return false;
    }
}
