package io.tlsecho.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void theMessageWhenThereIsOne() {
        assertThat(Messages.of(new IOException("disk full"))).isEqualTo("disk full");
    }

    @Test
    void theKindInWordsWhenThereIsNone() {
        assertThat(Messages.of(new ClosedChannelException())).isEqualTo("closed channel");
        assertThat(Messages.of(new IOException())).isEqualTo("I/O error");
        assertThat(Messages.of(new IllegalStateException(" "))).isEqualTo("illegal state");
        assertThat(Messages.of(new javax.net.ssl.SSLException((String) null))).isEqualTo("SSL error");
        assertThat(Messages.of(null)).isEqualTo("unknown error");
    }
}
