package dev.keyward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FloorRunsTest {

  private static Results.TimedRun run(double seconds) {
    return new Results.TimedRun(seconds, Map.of("kube-apiserver", seconds * 2));
  }

  @Test
  void theMedianRunOfThreeIsTheMiddleOneWithItsOwnCpu() {
    // One slow run (a busy moment) sets neither the time nor the CPU figures.
    Results.TimedRun middle = run(4.5);

    assertThat(Results.medianRun(List.of(run(7.1), run(4.2), middle))).contains(middle);
  }

  @Test
  void ofAnEvenCountTheFasterOfTheMiddleTwoIsTaken() {
    Results.TimedRun faster = run(4.4);

    assertThat(Results.medianRun(List.of(run(5.0), run(4.0), faster, run(6.0)))).contains(faster);
  }

  @Test
  void theOperatorsMedianRunCarriesItsOwnCpuFigures() {
    // The operator's runs are taken the same way, so the ratio is one of medians.
    Results.TimedRun middle =
        new Results.TimedRun(9.8, Map.of("operator", 8.0), Map.of("JIT compiler", 3.9));
    Results.TimedRun first =
        new Results.TimedRun(12.1, Map.of("operator", 10.5), Map.of("JIT compiler", 6.0));
    Results.TimedRun fastest =
        new Results.TimedRun(8.7, Map.of("operator", 6.9), Map.of("JIT compiler", 2.1));

    assertThat(Results.medianRun(List.of(first, middle, fastest))).contains(middle);
  }

  @Test
  void noRunsNoFloor() {
    assertThat(Results.medianRun(List.of())).isEmpty();
  }
}
