package io.tlsecho.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds back a successful handshake until {@link RevocationChecker} has checked the server's chain on a thread of
 * its own (it asks HTTP servers), then passes the handshake on, or fails it with a {@link RevocationException}.
 */
final class RevocationHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("main");

    private final RevocationChecker checker;
    /** What the server sent while the check ran, passed on after it. */
    private final Queue<Object> held = new ArrayDeque<>();
    private boolean checking;

    RevocationHandler(RevocationChecker checker) {
        this.checker = checker;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done) || !done.isSuccess()) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        checking = true;
        SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
        List<X509Certificate> chain;
        try {
            chain = chain(session);
        } catch (SSLPeerUnverifiedException e) {
            finish(ctx, evt, e);
            return;
        }
        byte[] staple = staple(session);
        Thread thread = new Thread(() -> {
            Throwable failure = null;
            try {
                String warning = checker.check(chain, staple);
                if (warning != null) {
                    LOG.warn("{}", warning);
                }
            } catch (RevocationException | RuntimeException e) {
                failure = e;
            }
            Throwable cause = failure;
            ctx.executor().execute(() -> finish(ctx, evt, cause));
        }, "revocation-check");
        thread.setDaemon(true);
        thread.start();
    }

    /** Passes the handshake on with what was held back, or fails it with {@code failure}. */
    private void finish(ChannelHandlerContext ctx, Object handshake, Throwable failure) {
        checking = false;
        if (failure != null) {
            held.forEach(ReferenceCountUtil::release);
            held.clear();
            ctx.fireUserEventTriggered(new SslHandshakeCompletionEvent(failure));
            return;
        }
        ctx.fireUserEventTriggered(handshake);
        while (!held.isEmpty()) {
            ctx.fireChannelRead(held.poll());
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (checking) {
            held.add(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!checking) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }

    private static List<X509Certificate> chain(SSLSession session) throws SSLPeerUnverifiedException {
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : session.getPeerCertificates()) {
            if (c instanceof X509Certificate x) {
                chain.add(x);
            }
        }
        return chain;
    }

    /** The OCSP response the server stapled (both engines give it as the session's status responses), or null. */
    private static byte[] staple(SSLSession session) {
        if (session instanceof ExtendedSSLSession extended) {
            List<byte[]> responses = extended.getStatusResponses();
            return responses == null || responses.isEmpty() ? null : responses.get(0);
        }
        return null;
    }
}
