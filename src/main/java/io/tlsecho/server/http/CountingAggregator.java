package io.tlsecho.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.tlsecho.server.ConnectionRecord;

/** Netty's aggregator, whose 413 answer to a body over the limit is counted and logged like every other answer. */
final class CountingAggregator extends HttpObjectAggregator {

    private final HttpStats stats;
    private final int maxBody;

    CountingAggregator(int maxBody, HttpStats stats) {
        super(maxBody);
        this.maxBody = maxBody;
        this.stats = stats;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        String version = HttpService.version(ctx.channel(), oversized.protocolVersion());
        stats.request(version, 413);
        ConnectionRecord record = ConnectionRecord.of(HttpService.connection(ctx.channel()));
        if (record != null) {
            record.httpRequest();
            String what = oversized instanceof HttpRequest r ? r.method() + " " + r.uri() : "request";
            record.log().info("{} {}: body over {} bytes, answered 413", version, what, maxBody);
        }
        super.handleOversizedMessage(ctx, oversized);
    }
}
