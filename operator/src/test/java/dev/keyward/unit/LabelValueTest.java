package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.KeywardNames;
import org.junit.jupiter.api.Test;

class LabelValueTest {

  /** What Kubernetes accepts as a label value. */
  private static final String LABEL_VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?";

  @Test
  void aNameThatFitsIsItsOwnLabelValue() {
    String name = "n".repeat(63);

    assertThat(KeywardNames.labelValue(name)).isEqualTo(name);
  }

  @Test
  void longNamesAreShortenedToValidDistinctValues() {
    String common = "pipeline-of-the-research-team-that-runs-nightly-benchmarks-on-";
    String first = common + "gpus";
    String second = common + "cpus";

    assertThat(KeywardNames.labelValue(first))
        .hasSize(63)
        .matches(LABEL_VALUE)
        .startsWith(common.substring(0, 40))
        .isNotEqualTo(KeywardNames.labelValue(second));
    assertThat(KeywardNames.labelValue(first)).isEqualTo(KeywardNames.labelValue(first));
  }

  @Test
  void aPrefixEndingInAPunctuationMarkStillGivesAValidValue() {
    String name = "a".repeat(51) + "-.-" + "b".repeat(20);

    assertThat(KeywardNames.labelValue(name)).matches(LABEL_VALUE);
  }
}
