package io.tlsecho.bench;

import io.netty.buffer.ByteBuf;

/** Checks one connection's echo against the payload as it arrives, byte for byte, without copying. */
final class EchoCheck {

    /** What a read did to the echo. */
    enum Result { PARTIAL, COMPLETE, MISMATCH }

    private final Payload payload;
    private boolean expecting;
    private int received;

    EchoCheck(Payload payload) {
        this.payload = payload;
    }

    /** Checks {@code in}'s readable bytes (does not consume or release them); anything unasked for is a mismatch. */
    Result accept(ByteBuf in) {
        if (!expecting || !payload.matches(received, in)) {
            return Result.MISMATCH;
        }
        received += in.readableBytes();
        if (received == payload.size()) {
            expecting = false;
            return Result.COMPLETE;
        }
        return Result.PARTIAL;
    }

    /** What a read that was a {@link Result#MISMATCH} got wrong, for the report; call before releasing {@code in}. */
    String mismatch(ByteBuf in) {
        if (!expecting) {
            return in.readableBytes() + " bytes came when no echo was outstanding";
        }
        int at = payload.firstDifference(received, in);
        return at >= payload.size()
                ? "the echo ran past the " + payload.size() + "-byte message"
                : "the echo differs from what was sent at byte " + at + " of the " + payload.size() + "-byte message";
    }

    /** Bytes of the outstanding echo received so far. */
    int received() {
        return received;
    }

    /** Whether nothing is outstanding: the whole message has come back, or none was sent. */
    boolean complete() {
        return !expecting;
    }

    /** Starts waiting for the echo of a message just sent. */
    void expect() {
        expecting = true;
        received = 0;
    }
}
