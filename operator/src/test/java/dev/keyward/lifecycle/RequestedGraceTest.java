package dev.keyward.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestedGraceTest {

  private static final Duration SPEC = Duration.ofMinutes(10);

  @Test
  void aRequestedGraceWithinTheBoundIsTakenAsGiven() {
    assertThat(KeyIssuer.requestedGrace("2h", SPEC)).isEqualTo(Duration.ofHours(2));
    assertThat(KeyIssuer.requestedGrace("0s", SPEC)).isZero();
  }

  @Test
  void aRequestedGraceBeyondTheCrdBoundIsCappedAt720Hours() {
    assertThat(KeyIssuer.requestedGrace("8760h", SPEC)).isEqualTo(Duration.ofHours(720));
  }

  @Test
  void anUnparseableRequestFallsBackToTheSpecsGracePeriod() {
    assertThat(KeyIssuer.requestedGrace("forever", SPEC)).isEqualTo(SPEC);
    assertThat(KeyIssuer.requestedGrace("-5m", SPEC)).isEqualTo(SPEC);
  }
}
