package io.tlsecho.log;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Expected values are what Python 3's {@code repr(bytes)} prints for the same bytes. */
class PyReprTest {

    private static String repr(String latin1) {
        return PyRepr.of(latin1.getBytes(ISO_8859_1));
    }

    @Test
    void printableAsciiAsIs() {
        assertThat(repr("This is the message. ")).isEqualTo("b'This is the message. '");
        assertThat(repr(" ~")).isEqualTo("b' ~'");
    }

    @Test
    void empty() {
        assertThat(repr("")).isEqualTo("b''");
    }

    @Test
    void singleQuoteAloneSwitchesToDoubleQuotes() {
        assertThat(repr("it's")).isEqualTo("b\"it's\"");
    }

    @Test
    void doubleQuoteAloneKeepsSingleQuotes() {
        assertThat(repr("say \"hi\"")).isEqualTo("b'say \"hi\"'");
    }

    @Test
    void bothQuotesKeepSingleQuotesAndEscapeTheSingle() {
        assertThat(repr("it's \"x\"")).isEqualTo("b'it\\'s \"x\"'");
    }

    @Test
    void backslashIsDoubled() {
        assertThat(repr("a\\b")).isEqualTo("b'a\\\\b'");
    }

    @Test
    void tabNewlineAndCarriageReturnHaveShortEscapes() {
        assertThat(repr("\t\n\r")).isEqualTo("b'\\t\\n\\r'");
    }

    @Test
    void otherControlAndHighBytesAreHexEscapedInLowerCase() {
        assertThat(repr("\0\u00ff\u007f\u001f\u0080\u000b"))
                .isEqualTo("b'\\x00\\xff\\x7f\\x1f\\x80\\x0b'");
    }

    @Test
    void atTheLimitIsNotShortened() {
        String a64 = "a".repeat(PyRepr.DEFAULT_LIMIT);
        assertThat(repr(a64)).isEqualTo("b'" + a64 + "'");
    }

    @Test
    void pastTheLimitShowsTheHeadAndTheLength() {
        String a64 = "a".repeat(PyRepr.DEFAULT_LIMIT);
        assertThat(repr(a64 + "bcd")).isEqualTo("b'" + a64 + "'... (67 bytes)");
    }

    @Test
    void quoteChoiceLooksOnlyAtTheShownBytes() {
        // The double quote past the limit is not shown, so the single quote picks double quotes.
        assertThat(PyRepr.of(Unpooled.wrappedBuffer("it's\"".getBytes(ISO_8859_1)), 0, 5, 4))
                .isEqualTo("b\"it's\"... (5 bytes)");
    }

    @Test
    void byteBufRangeAndReaderIndexAreHonouredAndUntouched() {
        ByteBuf buf = Unpooled.wrappedBuffer("xxhello\0yy".getBytes(ISO_8859_1));
        assertThat(PyRepr.of(buf, 2, 6, 64)).isEqualTo("b'hello\\x00'");
        buf.readerIndex(8);
        assertThat(PyRepr.of(buf)).isEqualTo("b'yy'");
        assertThat(buf.readerIndex()).isEqualTo(8);
        buf.release();
    }
}
