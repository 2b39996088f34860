package dev.keyward.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.Rotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PropagationGraceTest {

  private static final Duration DELAY = Duration.ofMinutes(2);

  @Test
  void aCredentialThatNeverRotatesIsNotJudged() {
    assertThat(PropagationGrace.judge(new ApiTokenSpec(), DELAY)).isEmpty();
  }

  @Test
  void aRollingKeyWithoutGraceIsTooShort() {
    ApiTokenSpec spec = new ApiTokenSpec();
    spec.setLifetime("720h");
    var verdict = PropagationGrace.judge(spec, DELAY).orElseThrow();
    assertThat(verdict.sufficient()).isFalse();
    assertThat(verdict.reason()).isEqualTo("GraceShorterThanPropagation");
    assertThat(verdict.message()).contains("(0s)").contains("above 2m");
  }

  @Test
  void aGraceEqualToTheDelayIsTooShortAndALongerOneSuffices() {
    assertThat(PropagationGrace.judge(withGrace("2m"), DELAY).orElseThrow().sufficient()).isFalse();
    assertThat(PropagationGrace.judge(withGrace("2m1s"), DELAY).orElseThrow().sufficient())
        .isTrue();
    assertThat(PropagationGrace.judge(withGrace("24h"), DELAY).orElseThrow().reason())
        .isEqualTo("GraceCoversPropagation");
  }

  @Test
  void durationsReadAsGoDurations() {
    assertThat(PropagationGrace.show(Duration.ZERO)).isEqualTo("0s");
    assertThat(PropagationGrace.show(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(PropagationGrace.show(Duration.ofHours(26))).isEqualTo("26h");
  }

  private static ApiTokenSpec withGrace(String grace) {
    ApiTokenSpec spec = new ApiTokenSpec();
    Rotation rotation = new Rotation();
    rotation.setGracePeriod(grace);
    spec.setRotation(rotation);
    return spec;
  }
}
