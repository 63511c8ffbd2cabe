package io.tlsecho.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks an echo against what was sent, as the bytes arrive.
 *
 * <p>When the whole message is known up front it compares byte by byte and names the first
 * difference; when it is streamed it compares lengths and SHA-256 digests at the end.
 */
final class EchoVerifier {

    private final byte[] expected;
    private final MessageDigest sentDigest = sha256();
    private final MessageDigest receivedDigest = sha256();
    private long sent;
    private long received;
    private long firstDifference = -1;

    /** A verifier for {@code expected}, or for a streamed message when null. */
    EchoVerifier(byte[] expected) {
        this.expected = expected;
        if (expected != null) {
            sent(expected, 0, expected.length);
        }
    }

    /** Records bytes sent in a streamed conversation. */
    void sent(byte[] bytes, int offset, int length) {
        sentDigest.update(bytes, offset, length);
        sent += length;
    }

    /** Records bytes received. */
    void received(byte[] bytes, int offset, int length) {
        if (expected != null && firstDifference < 0) {
            for (int i = 0; i < length; i++) {
                long at = received + i;
                if (at >= expected.length || expected[(int) at] != bytes[offset + i]) {
                    firstDifference = at;
                    break;
                }
            }
        }
        receivedDigest.update(bytes, offset, length);
        received += length;
    }

    long sent() {
        return sent;
    }

    long received() {
        return received;
    }

    /** Null when the echo equals what was sent, else what differed. */
    String mismatch() {
        if (expected != null) {
            if (firstDifference >= 0) {
                return "echo differs from what was sent at byte " + firstDifference
                        + " (sent " + sent + " bytes, received " + received + ")";
            }
            if (received != sent) {
                return "echo is short: sent " + sent + " bytes, received " + received;
            }
            return null;
        }
        byte[] s = sentDigest.digest();
        byte[] r = receivedDigest.digest();
        if (sent != received || !MessageDigest.isEqual(s, r)) {
            return "echo differs from what was sent: sent " + sent + " bytes (sha256 " + hex(s) + "), received "
                    + received + " bytes (sha256 " + hex(r) + ")";
        }
        return null;
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest, 0, 8) + "…";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
