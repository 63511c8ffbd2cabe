package io.tlsecho.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.tlsecho.log.ConnectionLog;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The echo logic alone, on an {@link EmbeddedChannel} without TLS. */
class EchoServerHandlerTest {

    private final ServerStats stats = new ServerStats();
    private final List<ByteBuf> inputs = new ArrayList<>();
    private EmbeddedChannel ch;

    @BeforeEach
    void setUp() {
        ch = new EmbeddedChannel(new EchoServerHandler(new ConnectionRecord(stats, ConnectionLog.of("echo", "echo_test_1"))));
    }

    @AfterEach
    void noLeaks() {
        ch.finishAndReleaseAll();
        // Every input was released by the handler, or by the reader of its echo.
        for (ByteBuf in : inputs) {
            assertThat(in.refCnt()).as("refCnt of an input").isZero();
        }
    }

    private ByteBuf input(String s) {
        ByteBuf buf = Unpooled.buffer().writeBytes(s.getBytes(US_ASCII));
        inputs.add(buf);
        return buf;
    }

    /** Everything written so far, as one string; each outbound buffer is released. */
    private String echoed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            b.release();
            out.writeBytes(bytes);
        }
        return out.toString(US_ASCII);
    }

    @Test
    void nulMidReadEchoesBytesBeforeItAndCloses() {
        ch.writeInbound(input("hello\0world"));

        assertThat(echoed()).isEqualTo("hello");
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.bytesEchoed()).isEqualTo(5);
    }

    @Test
    void behindALingeringCloseTheLastEchoLeavesWithTheCloseSmallOrLarge() {
        for (int size : new int[] {5, EchoServerHandler.ONE_WRITE_MAX, EchoServerHandler.ONE_WRITE_MAX + 1}) {
            ch.finishAndReleaseAll();
            ch = new EmbeddedChannel(new LingeringClose(1000),
                    new EchoServerHandler(new ConnectionRecord(stats, ConnectionLog.of("echo", "echo_test_1"))));
            String message = "x".repeat(size);
            ch.writeInbound(input(message + "\0"));

            assertThat(echoed()).as("%d bytes", size).isEqualTo(message);
            assertThat(ch.isOpen()).isFalse();
        }
    }

    @Test
    void readWithoutNulIsEchoedAtOnceAndNulInTheNextReadCloses() {
        ch.writeInbound(input("This is the message. "));

        // Streaming: the first part comes back before the message is complete.
        assertThat(echoed()).isEqualTo("This is the message. ");
        assertThat(ch.isOpen()).isTrue();

        ch.writeInbound(input("It will be sent "));
        assertThat(echoed()).isEqualTo("It will be sent ");
        assertThat(ch.isOpen()).isTrue();

        ch.writeInbound(input("\0in parts."));
        assertThat(echoed()).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.bytesEchoed()).isEqualTo(37);
    }

    @Test
    void bytesAfterNulAndLaterReadsOfTheSameBatchAreDiscarded() {
        // Both reads arrive before the close takes effect; the second must not be echoed.
        ch.writeInbound(input("abc\0def"), input("ghi"));

        assertThat(echoed()).isEqualTo("abc");
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.bytesEchoed()).isEqualTo(3);
    }

    @Test
    void severalNulsInOneReadEchoOnlyUpToTheFirst() {
        ch.writeInbound(input("one\0two\0three\0"));

        assertThat(echoed()).isEqualTo("one");
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.completed()).isEqualTo(1);
    }

    @Test
    void emptyMessageEchoesNothingAndCloses() {
        ch.writeInbound(input("\0"));

        assertThat(echoed()).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.completed()).isEqualTo(1);
        assertThat(stats.bytesEchoed()).isZero();
    }

    @Test
    void nulAtTheStartOfALaterReadEndsTheMessage() {
        ch.writeInbound(input("partial"));
        assertThat(echoed()).isEqualTo("partial");

        ch.writeInbound(input("\0"));
        assertThat(echoed()).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void endOfStreamBeforeNulClosesAfterEchoingWhatCame() {
        ch.writeInbound(input("no terminator"));
        assertThat(echoed()).isEqualTo("no terminator");

        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        ch.runPendingTasks();

        assertThat(echoed()).isEmpty();
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.completed()).isZero();
    }

    @Test
    void closeNotifyBeforeNulCloses() {
        ch.writeInbound(input("half"));
        assertThat(echoed()).isEqualTo("half");

        ch.pipeline().fireUserEventTriggered(SslCloseCompletionEvent.SUCCESS);
        ch.runPendingTasks();

        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void emptyReadIsReleasedAndNotEchoed() {
        ch.writeInbound(input(""));

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void sentIsLoggedWhenTheEchoIsIssuedAsTheSeedDoes() {
        try (DebugLog log = new DebugLog()) {
            // A read without its read-complete: the echo is handed to the transport, not yet flushed, and the seed's
            // story already says "sent" (it logs right after transport.write).
            ch.pipeline().fireChannelRead(input("This is the message. "));
            assertThat(log.messages()).containsExactly("received b'This is the message. '",
                    "sent b'This is the message. '");

            ch.writeInbound(input("in parts.\0"));
            // The seed's order: received, sent, received, sent, message terminated.
            assertThat(log.messages()).containsExactly("received b'This is the message. '",
                    "sent b'This is the message. '", "received b'in parts.'", "sent b'in parts.'",
                    "message terminated, closing connection");
            assertThat(echoed()).isEqualTo("This is the message. in parts.");
        }
    }

    /** Captures the echo logger's messages at debug level until closed. */
    private static final class DebugLog implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("echo");
        private final Level level = logger.getLevel();
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        DebugLog() {
            appender.start();
            logger.addAppender(appender);
            logger.setLevel(Level.DEBUG);
        }

        List<String> messages() {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }
}
