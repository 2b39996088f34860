package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.lifecycle.GoDuration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {

  @Test
  void parsesGoSyntax() {
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aDurationBeyondTheRangeIsRefusedInsteadOfWrappingAround() {
    // 3,000,000h is about 342 years: more nanoseconds than a long holds.
    assertThatThrownBy(() -> GoDuration.parse("3000000h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThat(GoDuration.parse("2562047h")).isPositive();
  }
}
