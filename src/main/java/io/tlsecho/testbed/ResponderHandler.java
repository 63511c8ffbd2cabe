package io.tlsecho.testbed;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tlsecho.pki.Revocations;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Answers {@code GET /crl/NAME.crl} with a CA's DER CRL, and OCSP requests ({@code POST /ocsp}, or
 * {@code GET /ocsp/BASE64} as RFC 6960 appendix A gives it) with a DER OCSP response.
 */
@ChannelHandler.Sharable
final class ResponderHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Where the CRLs are: {@code /crl/NAME.crl}. */
    static final String CRL_PATH = "/crl/";

    private final Revocations revocations;

    /** Serves the CRL of the authority added to {@code revocations} as NAME at {@code /crl/NAME.crl}. */
    ResponderHandler(Revocations revocations) {
        this.revocations = revocations;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).rawPath();
        FullHttpResponse response;
        byte[] crl = request.method() == HttpMethod.GET && path.startsWith(CRL_PATH) && path.endsWith(".crl")
                ? revocations.crl(path.substring(CRL_PATH.length(), path.length() - 4), Instant.now()) : null;
        if (crl != null) {
            response = ok(crl, "application/pkix-crl");
        } else if (request.method() == HttpMethod.POST && path.equals(RevocationResponder.OCSP_PATH)) {
            response = ok(revocations.ocsp(ByteBufUtil.getBytes(request.content()), Instant.now()),
                    "application/ocsp-response");
        } else if (request.method() == HttpMethod.GET && path.startsWith(RevocationResponder.OCSP_PATH + "/")) {
            response = ocspGet(path.substring(RevocationResponder.OCSP_PATH.length() + 1));
        } else {
            response = text(HttpResponseStatus.NOT_FOUND, "no such path: " + path + "\n");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse ocspGet(String encoded) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(QueryStringDecoder.decodeComponent(encoded));
        } catch (IllegalArgumentException e) {
            return text(HttpResponseStatus.BAD_REQUEST, "not base64: " + encoded + "\n");
        }
        return ok(revocations.ocsp(der, Instant.now()), "application/ocsp-response");
    }

    private static FullHttpResponse ok(byte[] body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
