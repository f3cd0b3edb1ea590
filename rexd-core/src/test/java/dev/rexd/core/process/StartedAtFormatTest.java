package dev.rexd.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class StartedAtFormatTest {

  @Property(tries = 2000)
  void isTheInstantToTheMillisecondInUtc(@ForAll @LongRange(min = 0, max = 253402300799999L) long millis) {
    String text = ManagedProcess.utcMillis(millis);

    assertThat(text).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(Instant.parse(text)).isEqualTo(Instant.ofEpochMilli(millis));
  }

  @Test
  void keepsTheMillisecondsWhenTheyAreZero() {
    assertThat(ManagedProcess.utcMillis(1_764_936_000_000L)).isEqualTo("2025-12-05T12:00:00.000Z");
    assertThat(ManagedProcess.utcMillis(1_764_936_000_007L)).isEqualTo("2025-12-05T12:00:00.007Z");
  }
}
