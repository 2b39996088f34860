package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FullLoadPairsTest {

  private static Results.FullLoadPair pair(double keyward, double constant) {
    return new Results.FullLoadPair(rate(keyward), rate(constant));
  }

  private static Wrk.Result rate(double requestsPerSecond) {
    return new Wrk.Result(requestsPerSecond, 1, 2, 3, 1000, 0, 0);
  }

  @Test
  void theMedianOfAnOddCountIsItsMiddleValueAndOfAnEvenCountTheMeanOfTheTwoMiddleOnes() {
    assertThat(Results.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Results.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Results.median(List.of(7.0))).isEqualTo(7.0);
  }

  @Test
  void aPairsRatioIsKeywardsRateOverTheConstantServersInTheSamePair() {
    assertThat(pair(60_000, 75_000).ratio()).isCloseTo(0.8, within(1e-9));
  }

  @Test
  void oneOutlyingConstantRunDoesNotSetTheRatio() {
    // The second constant run is slow (as a busy moment makes it): its pair alone would say 0.95.
    List<Results.FullLoadPair> pairs =
        List.of(pair(52_000, 70_000), pair(52_000, 55_000), pair(53_000, 72_000));

    assertThat(Results.median(pairs.stream().map(Results.FullLoadPair::ratio).toList()))
        .isCloseTo(52_000.0 / 70_000, within(1e-9));
  }
}
