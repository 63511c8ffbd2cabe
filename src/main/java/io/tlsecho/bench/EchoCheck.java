package io.tlsecho.bench;

import io.netty.buffer.ByteBuf;

/** Checks one connection's echo against the payload as it arrives, byte for byte, without copying. */
final class EchoCheck {

    /** What a read did to the echo. */
    enum Result { PARTIAL, COMPLETE, MISMATCH }

    private final Payload payload;
    private int received;

    EchoCheck(Payload payload) {
        this.payload = payload;
    }

    /** Checks {@code in}'s readable bytes (does not consume or release them). */
    Result accept(ByteBuf in) {
        if (!payload.matches(received, in)) {
            return Result.MISMATCH;
        }
        received += in.readableBytes();
        return received == payload.size() ? Result.COMPLETE : Result.PARTIAL;
    }

    /** Whether the whole message has come back. */
    boolean complete() {
        return received == payload.size();
    }

    /** Starts waiting for the next echo. */
    void reset() {
        received = 0;
    }
}
