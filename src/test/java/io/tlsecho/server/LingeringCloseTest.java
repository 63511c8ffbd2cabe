package io.tlsecho.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A close shuts our sending side first, then drains the peer until it closes too or the linger time passes.
 * (Closes go through the pipeline, as a handler's do: EmbeddedChannel's own close() cancels scheduled tasks.)
 */
class LingeringCloseTest {

    private static final long LINGER_MILLIS = 2000;

    @Test
    void closeSendsFinFirstAndKeepsTheChannelOpenUntilThePeerCloses() {
        Recorder after = new Recorder();
        DuplexEmbeddedChannel ch = new DuplexEmbeddedChannel(new LingeringClose(LINGER_MILLIS), after);
        ch.writeAndFlush(ascii("echo"));

        ChannelFuture closed = ch.pipeline().close();

        assertThat(ch.isOutputShutdown()).as("FIN sent").isTrue();
        assertThat(ch.outputShutdownAfter).as("written before FIN").containsExactly("echo");
        assertThat(ch.isOpen()).as("still reading").isTrue();
        assertThat(closed.isDone()).isFalse();

        ch.writeInbound(ascii("late bytes"));
        assertThat(after.read).as("bytes after close are dropped, not handled").isEmpty();

        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(ch.isOpen()).as("closed once the peer closed").isFalse();
        assertThat(closed.isSuccess()).isTrue();
    }

    @Test
    void flushAndCloseWritesWhatWasWrittenBeforeTheFin() {
        Writer writer = new Writer();
        DuplexEmbeddedChannel ch = new DuplexEmbeddedChannel(new LingeringClose(LINGER_MILLIS), writer);
        writer.ctx.write(ascii("last echo"));

        assertThat(LingeringClose.flushAndClose(writer.ctx)).isTrue();

        assertThat(ch.outputShutdownAfter).as("written before FIN").containsExactly("last echo");
        assertThat(ch.isOutputShutdown()).isTrue();
    }

    @Test
    void flushAndCloseWritesWhatWasWrittenEvenWhenThePeerHasClosed() {
        Writer writer = new Writer();
        DuplexEmbeddedChannel ch = new DuplexEmbeddedChannel(new LingeringClose(LINGER_MILLIS), writer);
        ch.shutdownInput();
        writer.ctx.write(ascii("last echo"));

        LingeringClose.flushAndClose(writer.ctx);

        ByteBuf out = ch.readOutbound();
        assertThat(out.toString(US_ASCII)).as("flushed, not dropped by the close").isEqualTo("last echo");
        out.release();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void withoutALingeringCloseFlushAndCloseDoesNothing() {
        Writer writer = new Writer();
        EmbeddedChannel ch = new EmbeddedChannel(writer);
        writer.ctx.write(ascii("unflushed"));

        assertThat(LingeringClose.flushAndClose(writer.ctx)).isFalse();
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readOutbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void aPeerThatNeverClosesIsCutAfterTheLingerTime() {
        DuplexEmbeddedChannel ch = new DuplexEmbeddedChannel(new LingeringClose(LINGER_MILLIS));
        ch.freezeTime();
        ChannelFuture closed = ch.pipeline().close();

        ch.advanceTimeBy(LINGER_MILLIS - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();

        ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(closed.isSuccess()).isTrue();
    }

    @Test
    void aSecondCloseCompletesWithTheFirst() {
        DuplexEmbeddedChannel ch = new DuplexEmbeddedChannel(new LingeringClose(LINGER_MILLIS));
        ChannelFuture first = ch.pipeline().close();
        ChannelFuture second = ch.pipeline().close();
        assertThat(second.isDone()).isFalse();

        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(first.isSuccess()).isTrue();
        assertThat(second.isSuccess()).isTrue();
    }

    @Test
    void aPeerThatAlreadyClosedIsClosedAtOnce() {
        DuplexEmbeddedChannel ch = new DuplexEmbeddedChannel(new LingeringClose(LINGER_MILLIS));
        ch.shutdownInput();
        ch.pipeline().close();
        assertThat(ch.isOpen()).isFalse();
        assertThat(ch.isOutputShutdown()).as("no half-close first").isFalse();
    }

    @Test
    void aFailedHalfCloseClosesAtOnce() {
        DuplexEmbeddedChannel ch = new DuplexEmbeddedChannel(new LingeringClose(LINGER_MILLIS));
        ch.failShutdownOutput = true;
        ChannelFuture closed = ch.pipeline().close();
        assertThat(ch.isOpen()).isFalse();
        assertThat(closed.isSuccess()).isTrue();
    }

    @Test
    void beforeCloseEverythingPassesThrough() {
        Recorder after = new Recorder();
        DuplexEmbeddedChannel ch = new DuplexEmbeddedChannel(new LingeringClose(LINGER_MILLIS), after);
        ch.writeInbound(ascii("hello"));
        ch.pipeline().fireUserEventTriggered("an event");
        assertThat(after.read).containsExactly("hello");
        assertThat(after.events).containsExactly("an event");
        ch.pipeline().close();
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    }

    @Test
    void aChannelThatCannotHalfCloseIsClosedAtOnce() {
        EmbeddedChannel ch = new EmbeddedChannel(new LingeringClose(LINGER_MILLIS));
        ch.pipeline().close();
        assertThat(ch.isOpen()).isFalse();
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, US_ASCII);
    }

    /** A handler after LingeringClose that writes through its own context, as the echo handler does. */
    private static final class Writer extends ChannelInboundHandlerAdapter {
        ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }
    }

    /** The handler after LingeringClose: what reaches it. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<String> read = new ArrayList<>();
        final List<Object> events = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            read.add(buf.toString(US_ASCII));
            buf.release();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    /** An EmbeddedChannel that can close each direction, as a TCP socket can. */
    private static final class DuplexEmbeddedChannel extends EmbeddedChannel implements DuplexChannel {
        private boolean inputShutdown;
        private boolean outputShutdown;
        boolean failShutdownOutput;
        final List<String> outputShutdownAfter = new ArrayList<>();

        DuplexEmbeddedChannel(ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        public boolean isInputShutdown() {
            return inputShutdown;
        }

        @Override
        public ChannelFuture shutdownInput() {
            return shutdownInput(newPromise());
        }

        @Override
        public ChannelFuture shutdownInput(ChannelPromise promise) {
            inputShutdown = true;
            return promise.setSuccess();
        }

        @Override
        public boolean isOutputShutdown() {
            return outputShutdown;
        }

        @Override
        public ChannelFuture shutdownOutput() {
            return shutdownOutput(newPromise());
        }

        @Override
        public ChannelFuture shutdownOutput(ChannelPromise promise) {
            if (failShutdownOutput) {
                return promise.setFailure(new IOException("shutdown failed"));
            }
            for (Object msg; (msg = readOutbound()) != null; ) {
                outputShutdownAfter.add(((ByteBuf) msg).toString(US_ASCII));
                ((ByteBuf) msg).release();
            }
            outputShutdown = true;
            return promise.setSuccess();
        }

        @Override
        public boolean isShutdown() {
            return inputShutdown && outputShutdown;
        }

        @Override
        public ChannelFuture shutdown() {
            return shutdown(newPromise());
        }

        @Override
        public ChannelFuture shutdown(ChannelPromise promise) {
            inputShutdown = true;
            outputShutdown = true;
            return promise.setSuccess();
        }
    }
}
