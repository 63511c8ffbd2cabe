package io.tlsecho.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.logging.LogLevel;
import io.tlsecho.server.CloseReason;
import io.tlsecho.server.ConnectionRecord;

/**
 * Watches the frames Netty's HTTP/2 codec sends for the ones that cut a client off: a GOAWAY with
 * an error (ENHANCE_YOUR_CALM after a burst of resets is the "rapid reset" attack, CVE-2023-44487)
 * and streams refused over the limit; counts and logs each once. Logs no frame itself.
 */
final class Http2Watch extends Http2FrameLogger {

    private final Channel connection;
    private final HttpStats stats;
    private long resetsReceived;
    private long refused;
    private boolean cut;

    Http2Watch(Channel connection, HttpStats stats) {
        super(LogLevel.TRACE, Http2Watch.class);
        this.connection = connection;
        this.stats = stats;
    }

    @Override
    public boolean isEnabled() {
        return false;
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.INBOUND) {
            resetsReceived++;
        } else if (errorCode == Http2Error.REFUSED_STREAM.code() && refused++ == 0) {
            stats.cutOff("streams_refused");
            log("refusing streams over the limit of concurrent streams");
        }
    }

    @Override
    public void logGoAway(Direction direction, ChannelHandlerContext ctx, int lastStreamId, long errorCode,
                          ByteBuf debugData) {
        if (direction != Direction.OUTBOUND || errorCode == Http2Error.NO_ERROR.code() || cut) {
            return;
        }
        cut = true;
        Http2Error error = Http2Error.valueOf(errorCode);
        String kind = error == Http2Error.ENHANCE_YOUR_CALM && resetsReceived > 0 ? "rapid_reset"
                : error == Http2Error.ENHANCE_YOUR_CALM ? "h2_flood" : "h2_protocol_error";
        stats.cutOff(kind);
        ConnectionRecord record = ConnectionRecord.of(connection);
        if (record != null) {
            record.closeReason(CloseReason.ERROR);
        }
        log("sending GOAWAY " + (error == null ? errorCode : error.name()) + " after " + resetsReceived
                + " stream resets received, closing connection (" + kind + ")");
    }

    private void log(String message) {
        ConnectionRecord record = ConnectionRecord.of(connection);
        if (record != null) {
            record.log().warn("{}", message);
        }
    }
}
