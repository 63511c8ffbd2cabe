package io.tlsecho.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final long MS = 1_000_000;

    @Test
    void loopsShareTheRateEvenlyStaggered() {
        // 100/s over 2 loops: each every 20 ms, the second 10 ms after the first.
        Schedule[] s = Schedule.of(100, 2, 0);
        assertThat(new long[] {s[0].take(), s[0].take(), s[0].take()}).containsExactly(0, 20 * MS, 40 * MS);
        assertThat(new long[] {s[1].take(), s[1].take()}).containsExactly(10 * MS, 30 * MS);
    }

    @Test
    void aLateFirstConnectionBeginsWhenItCan() {
        Schedule s = Schedule.of(100, 1, 0)[0];
        s.begin(35 * MS);
        assertThat(s.take()).isEqualTo(35 * MS);
        assertThat(s.take()).isEqualTo(45 * MS);
        s.begin(500 * MS);
        assertThat(s.take()).as("begins once").isEqualTo(55 * MS);
    }

    @Test
    void skippingTheWarmUpBacklogKeepsTheLoopsPlace() {
        Schedule s = Schedule.of(100, 2, 0)[1];
        assertThat(s.take()).isEqualTo(10 * MS);
        s.skipBefore(1000 * MS);
        assertThat(s.take()).isEqualTo(1010 * MS);
        assertThat(s.take()).isEqualTo(1030 * MS);
        // Nothing to skip when the schedule is ahead.
        s.skipBefore(500 * MS);
        assertThat(s.take()).isEqualTo(1050 * MS);
    }
}
