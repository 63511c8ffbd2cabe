package io.tlsecho.server.http;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Akamai HTTP/2 client fingerprint (Shuster and Shiran, "Passive Fingerprinting of HTTP/2
 * Clients", 2017), as tls.peet.ws shows it: {@code SETTINGS|WINDOW_UPDATE|PRIORITY|pseudo-headers},
 * e.g. {@code 1:65536;2:0;4:6291456;6:262144|15663105|0|m,a,s,p}.
 *
 * @param settings the first SETTINGS frame's {@code id:value} pairs in sent order, {@code ;} between
 * @param windowUpdate the connection-level WINDOW_UPDATE increment sent before the first HEADERS, or {@code 0}
 * @param priority the PRIORITY frames sent before the first HEADERS, {@code stream:exclusive:depends-on:weight},
 *                 {@code ,} between, or {@code 0}
 */
public record AkamaiFingerprint(String settings, String windowUpdate, String priority) {

    private static final AttributeKey<AkamaiFingerprint> KEY = AttributeKey.valueOf("tlsecho.akamai");

    /** Keeps this on the connection {@code ch}. */
    public void attach(Channel ch) {
        ch.attr(KEY).set(this);
    }

    /** The frames part read on the connection {@code ch}, or null if none was read. */
    public static AkamaiFingerprint of(Channel ch) {
        return ch.attr(KEY).get();
    }

    /** The whole fingerprint, with the pseudo-header order of a request's HEADERS (e.g. {@code :method, :path...}). */
    public String text(List<String> pseudoHeaders) {
        String order = pseudoHeaders.stream().map(h -> h.length() > 1 ? h.substring(1, 2) : h)
                .collect(Collectors.joining(","));
        return settings + "|" + windowUpdate + "|" + priority + "|" + order;
    }

    /** The MD5 of a fingerprint's text, in lower-case hex, as tls.peet.ws shows it. */
    public static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(
                    text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }
}
