package io.tlsecho.client;


import io.tlsecho.tls.NegotiatedSession;
/**
 * What a conversation sent and got back.
 *
 * @param sent payload bytes sent (not counting the NUL)
 * @param received bytes of echo received
 * @param echo the echo itself, or null when it was streamed elsewhere
 * @param mismatch null when the echo equals what was sent, else what differed
 * @param session what the handshake agreed
 * @param nulAt where a streamed input held a NUL that ended the message early, or -1
 */
public record EchoResult(long sent, long received, byte[] echo, String mismatch, NegotiatedSession session, long nulAt) {

    /** Whether the echo equals what was sent. */
    public boolean matches() {
        return mismatch == null;
    }
}
