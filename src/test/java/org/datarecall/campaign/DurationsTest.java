package org.datarecall.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Given a duration, when it is written, then whole days as days and the rest as time; and it reads back as itself. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "0, PT0S",
            "2592000, P30D",
            "43200, PT12H",
            "95400, P1DT2H30M",
            "-604800, -P7D",
            "-43200, -PT12H",
            "-86401, -P1DT1S",
            "315360000, P3650D",
            "1, PT1S"})
    void a_duration_is_written_with_whole_days_and_reads_back_as_itself(long seconds, String text) {
        Duration duration = Duration.ofSeconds(seconds);
        assertThat(Durations.format(duration)).isEqualTo(text);
        assertThat(Durations.parseOrNull(text)).isEqualTo(duration);
    }

    @Test
    void fractions_of_a_second_are_kept() {
        assertThat(Durations.format(Duration.ofMillis(-500))).isEqualTo("-PT0.5S");
        assertThat(Durations.parseOrNull("-PT0.5S")).isEqualTo(Duration.ofMillis(-500));
    }

    @Test
    void text_around_the_duration_is_trimmed_and_letters_may_be_small() {
        assertThat(Durations.parseOrNull("  p3d ")).isEqualTo(Duration.ofDays(3));
        assertThat(Durations.parseOrNull("PT36H")).isEqualTo(Duration.ofHours(36));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "P1M", "P1Y", "P1W", "3 days", "P", "-", "P1D2H"})
    void text_that_is_no_duration_in_days_and_time_reads_as_null(String text) {
        assertThat(Durations.parseOrNull(text)).isNull();
    }

    @Test
    void no_text_reads_as_null() {
        assertThat(Durations.parseOrNull(null)).isNull();
    }
}
