package io.tlsecho.server.http;

/** Fired on every open connection when the server starts draining: HTTP/2 sends GOAWAY, HTTP/1.1 closes after the answer in flight. */
public final class DrainEvent {

    /** The one event. */
    public static final DrainEvent INSTANCE = new DrainEvent();

    private DrainEvent() {
    }

    @Override
    public String toString() {
        return "drain";
    }
}
