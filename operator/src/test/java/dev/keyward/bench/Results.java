package dev.keyward.bench;

import java.time.Instant;
import java.util.Optional;

/** Everything one benchmark run measured, ready to be written out. */
record Results(
    Instant date,
    BenchmarkSettings settings,
    MachineInfo machine,
    String kubernetesVersion,
    String wrkVersion,
    double floorSeconds,
    double reconcileSeconds,
    double scaleSeconds,
    int keysUnderLoad,
    Wrk.Result keyward,
    Wrk.Result constant,
    long heapWithTokens,
    long heapWithUnrelatedSecrets,
    String operatorHeap,
    Optional<Double> jwtPerSecond) {

  double floorRate() {
    return settings.reconcileTokens() / floorSeconds;
  }

  double reconcileRate() {
    return settings.reconcileTokens() / reconcileSeconds;
  }

  double reconcileRatio() {
    return reconcileRate() / floorRate();
  }

  double verifyRatio() {
    return keyward.requestsPerSecond() / constant.requestsPerSecond();
  }
}
