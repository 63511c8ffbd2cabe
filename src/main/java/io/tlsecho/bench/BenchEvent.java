package io.tlsecho.bench;

/** What the run tells its connections from outside their event loop. */
enum BenchEvent {
    /** Send the NUL and end the conversation (idle mode, once the hold is over). */
    END,
    /** The drain time is over: give up on the conversation, count it as timed out, and close. */
    CUT
}
