package dev.keyward.bench;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything one benchmark run measured, ready to be written out. */
record Results(
    Instant date,
    BenchmarkSettings settings,
    MachineInfo machine,
    String kubernetesVersion,
    String wrkVersion,
    String operatorJvm,
    List<TimedRun> goFloorRuns,
    double floorSeconds,
    Map<String, Double> floorCpu,
    List<TimedRun> reconcileRuns,
    double scaleSeconds,
    int keysUnderLoad,
    List<FullLoadPair> fullLoad,
    Wrk.Result halfLoad,
    Wrk.Result constantHalfLoad,
    Wrk.Result exchange,
    long heapWithTokens,
    long rssWithTokens,
    long heapWithUnrelatedSecrets,
    long rssWithUnrelatedSecrets,
    String operatorHeap,
    Optional<Double> jwtPerSecond,
    Restart restart,
    Optional<Large> large,
    List<Profiler.Profile> profiles) {

  /** The restart with every token Active: time to ready, writes seen, the verifier meanwhile. */
  record Restart(
      int tokens,
      double readySeconds,
      long settleSeconds,
      long tokenWrites,
      long userWrites,
      long secretWrites,
      Wrk.Result verifier) {
    long writes() {
      return tokenWrites + userWrites + secretWrites;
    }
  }

  /**
   * One Keyward run under full load and the constant server's run right after it, same wrk
   * settings; the benchmark alternates several such pairs.
   */
  record FullLoadPair(Wrk.Result keyward, Wrk.Result constant) {
    double ratio() {
      return keyward.requestsPerSecond() / constant.requestsPerSecond();
    }
  }

  /**
   * One timed run of a write floor or of the operator: seconds, each process's CPU seconds
   * meanwhile, and (for the operator) its CPU seconds by thread group.
   */
  record TimedRun(double seconds, Map<String, Double> cpu, Map<String, Double> threads) {

    /** A run whose process is not broken down by thread group (a write floor's). */
    TimedRun(double seconds, Map<String, Double> cpu) {
      this(seconds, cpu, Map.of());
    }
  }

  /**
   * The Go floor's time: the median of its runs (empty when the Go program was not built). A run of
   * a few seconds on a shared 2-core machine moves by tens of percent from one run to the next, and
   * every reconcile ratio divides by it.
   */
  Optional<Double> goFloorSeconds() {
    return medianRun(goFloorRuns).map(TimedRun::seconds);
  }

  /** The CPU seconds of the Go floor's median run. */
  Map<String, Double> goFloorCpu() {
    return medianRun(goFloorRuns).map(TimedRun::cpu).orElse(Map.of());
  }

  /**
   * The operator's time: the median of its runs, measured as the Go floor is, so the ratio is one
   * of medians.
   */
  double reconcileSeconds() {
    return medianReconcileRun().seconds();
  }

  /** The CPU seconds of the operator's median run. */
  Map<String, Double> reconcileCpu() {
    return medianReconcileRun().cpu();
  }

  /** The operator's CPU seconds by thread group in its median run. */
  Map<String, Double> reconcileThreads() {
    return medianReconcileRun().threads();
  }

  private TimedRun medianReconcileRun() {
    return medianRun(reconcileRuns)
        .orElseThrow(() -> new IllegalStateException("the operator's run was not measured"));
  }

  /** The run with the median time (of an even count, the faster of the middle two). */
  static Optional<TimedRun> medianRun(List<TimedRun> runs) {
    List<TimedRun> sorted =
        runs.stream().sorted(Comparator.comparingDouble(TimedRun::seconds)).toList();
    return sorted.isEmpty() ? Optional.empty() : Optional.of(sorted.get((sorted.size() - 1) / 2));
  }

  /** The opt-in large run: tokens added on top of the indexed ones, time, heap and RSS after. */
  record Large(int tokens, int added, double seconds, long heap, long rss, long memoryLimit) {}

  double floorRate() {
    return settings.reconcileTokens() / floorSeconds;
  }

  double reconcileRate() {
    return settings.reconcileTokens() / reconcileSeconds();
  }

  /** Keyward's time over the fabric8 floor's. */
  double reconcileRatio() {
    return reconcileSeconds() / floorSeconds;
  }

  /** Keyward's time over the Go floor's. */
  Optional<Double> goRatio() {
    return goFloorSeconds().map(go -> reconcileSeconds() / go);
  }

  /**
   * The median of the pairs' ratios: the constant server's own rate moves by several percent from
   * one run to the next on a shared 2-core machine, and alternating pairs cancel slow drift.
   */
  double verifyRatio() {
    return median(fullLoad.stream().map(FullLoadPair::ratio).toList());
  }

  /** Keyward's median rate under full load: the maximum the paced run aims at half of. */
  double keywardMaxRate() {
    return keywardMaxRate(fullLoad);
  }

  /** Keyward's median rate over these pairs. */
  static double keywardMaxRate(List<FullLoadPair> pairs) {
    return median(pairs.stream().map(p -> p.keyward().requestsPerSecond()).toList());
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Collects a run's figures as they come. */
  static final class Builder {
    private String operatorJvm = "";
    private List<TimedRun> goFloorRuns = List.of();
    private double floorSeconds;
    private Map<String, Double> floorCpu = Map.of();
    private List<TimedRun> reconcileRuns = List.of();
    private double scaleSeconds;
    private int keys;
    private List<FullLoadPair> fullLoad = List.of();
    private Wrk.Result half;
    private Wrk.Result constantHalf;
    private Wrk.Result exchange;
    private long heapWithTokens;
    private long rssWithTokens;
    private long heapWithSecrets;
    private long rssWithSecrets;
    private String operatorHeap = "";
    private Optional<Double> jwt = Optional.empty();
    private Restart restart;
    private Optional<Large> large = Optional.empty();
    private List<Profiler.Profile> profiles = List.of();

    void operatorJvm(String value) {
      operatorJvm = value;
    }

    void goFloor(List<TimedRun> runs) {
      goFloorRuns = List.copyOf(runs);
    }

    void fabric8Floor(double seconds, Map<String, Double> cpu) {
      floorSeconds = seconds;
      floorCpu = cpu;
    }

    void reconcile(List<TimedRun> runs) {
      reconcileRuns = List.copyOf(runs);
    }

    void scale(double seconds) {
      scaleSeconds = seconds;
    }

    void operatorHeap(String summary) {
      operatorHeap = summary;
    }

    void heap(long heapTokens, long rssTokens, long heapSecrets, long rssSecrets) {
      heapWithTokens = heapTokens;
      rssWithTokens = rssTokens;
      heapWithSecrets = heapSecrets;
      rssWithSecrets = rssSecrets;
    }

    void verify(int keyCount, List<FullLoadPair> pairs, Wrk.Result h, Wrk.Result constantH) {
      keys = keyCount;
      fullLoad = List.copyOf(pairs);
      half = h;
      constantHalf = constantH;
    }

    void exchange(Wrk.Result result) {
      exchange = result;
    }

    void jwt(Optional<Double> rate) {
      jwt = rate;
    }

    void restart(Restart result) {
      restart = result;
    }

    void large(Large result) {
      large = Optional.of(result);
    }

    void profiles(List<Profiler.Profile> all) {
      profiles = List.copyOf(all);
    }

    Results build(
        Instant date,
        BenchmarkSettings settings,
        MachineInfo machine,
        String kubernetesVersion,
        String wrkVersion) {
      return new Results(
          date,
          settings,
          machine,
          kubernetesVersion,
          wrkVersion,
          operatorJvm,
          goFloorRuns,
          floorSeconds,
          floorCpu,
          reconcileRuns,
          scaleSeconds,
          keys,
          fullLoad,
          half,
          constantHalf,
          exchange,
          heapWithTokens,
          rssWithTokens,
          heapWithSecrets,
          rssWithSecrets,
          operatorHeap,
          jwt,
          restart,
          large,
          profiles);
    }
  }
}
