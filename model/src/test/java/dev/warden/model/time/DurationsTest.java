package dev.warden.model.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.model.net.InvalidValueException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} is {1} ns")
    @CsvSource({
        "2s, 2000000000",
        "500ms, 500000000",
        "1m30s, 90000000000",
        "1.5h, 5400000000000",
        "1h30m, 5400000000000",
        "90s, 90000000000",
        "0s, 0",
        "0.5s, 500000000",
        "1h2m3s4ms5us6ns, 3723004005006",
        "250us, 250000",
        "250µs, 250000",
        "250μs, 250000",
        "7ns, 7",
        "1.000000001s, 1000000001",
        "2562047h47m16.854775807s, 9223372036854775807",
    })
    void go_style_durations_are_parsed(String text, long nanos) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'' | is empty; write a duration such as 30s, 500ms or 1m30s (units: ns, us (or µs), ms, s, m, h)",
        "-1s | has a sign; durations here are never negative, write one such as 30s, 500ms or 1m30s",
        "+1s | has a sign; durations here are never negative, write one such as 30s, 500ms or 1m30s",
        "'1m 30s' | contains whitespace; write the duration without spaces, such as 1m30s",
        "30 | has no unit after 30; add one of ns, us (or µs), ms, s, m, h, such as 30s",
        "0 | has no unit after 0; add one of ns, us (or µs), ms, s, m, h, such as 0s",
        "1m30 | has no unit after 30; add one of ns, us (or µs), ms, s, m, h, such as 30s",
        "5d | has unknown unit \"d\"; use one of ns, us (or µs), ms, s, m, h; for days write hours, such as 24h",
        "5sec | has unknown unit \"sec\"; use one of ns, us (or µs), ms, s, m, h, such as 30s, 500ms or 1m30s",
        "5S | has unknown unit \"S\"; use one of ns, us (or µs), ms, s, m, h, such as 30s, 500ms or 1m30s",
        "s | has \"s\" where a number is expected; write number-and-unit pairs such as 30s, 500ms or 1m30s (units: ns, us (or µs), ms, s, m, h)",
        ".5s | has \".5s\" where a number is expected; write number-and-unit pairs such as 30s, 500ms or 1m30s (units: ns, us (or µs), ms, s, m, h)",
        "30s1m | lists m after s; write each unit once, largest first, such as 1h30m or 1m30s",
        "1s1s | lists s after s; write each unit once, largest first, such as 1h30m or 1m30s",
        "1.5ns | has 1.5ns, which is finer than a nanosecond; round it to whole nanoseconds",
        "0.0000000001s | has 0.0000000001s, which is finer than a nanosecond; round it to whole nanoseconds",
        "2562048h | is longer than the 2562047h (about 292 years) a Go duration can hold",
        "2562047h47m16.854775808s | is longer than the 2562047h (about 292 years) a Go duration can hold",
    })
    void malformed_durations_are_refused_naming_the_units(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0} ns is written {1}")
    @CsvSource({
        "0, 0s",
        "7, 7ns",
        "1500, 1.5us",
        "250000, 250us",
        "500000000, 500ms",
        "1500000, 1.5ms",
        "2000000000, 2s",
        "1500000000, 1.5s",
        "60000000000, 1m",
        "90000000000, 1m30s",
        "60500000000, 1m500ms",
        "3600000000000, 1h",
        "5400000000000, 1h30m",
        "3723004005006, 1h2m3.004005006s",
        "86400000000000, 24h",
        "9223372036854775807, 2562047h47m16.854775807s",
    })
    void durations_are_written_in_the_shortest_go_style(long nanos, String text) {
        assertThat(Durations.format(Duration.ofNanos(nanos))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} survives a round trip")
    @CsvSource({"1m30s", "1.5h", "500ms", "1h2m3.5s", "250us", "3ns"})
    void formatted_text_parses_back_to_the_same_duration(String text) {
        Duration duration = Durations.parse(text);

        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }

    @Test
    void negative_and_oversized_durations_have_no_text_form() {
        assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("is negative; only durations of zero or more have a text form");
        assertThatThrownBy(() -> Durations.format(Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("is longer than the 2562047h (about 292 years) a Go duration can hold");
    }
}
