package dev.keyward.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Sizes and load shape of a benchmark run, from environment variables with full-size defaults. */
record BenchmarkSettings(
    int reconcileTokens,
    int warmupTokens,
    int indexedTokens,
    int unrelatedSecrets,
    int writeConcurrency,
    int wrkThreads,
    int wrkConnections,
    Duration warmup,
    Duration load,
    Duration settle,
    Path output,
    Path operatorJar,
    Path goFloorBinary,
    Optional<Path> profileDirectory,
    int largeTokens,
    long largeMemoryLimitBytes,
    Duration restartSettle) {

  static final int FULL_RECONCILE_TOKENS = 1_000;
  static final int FULL_INDEXED_TOKENS = 10_000;
  static final int FULL_UNRELATED_SECRETS = 10_000;

  /**
   * The operator's reconcile concurrency: java-operator-sdk's default number of reconciliation
   * threads, which Keyward does not change.
   */
  static final int OPERATOR_RECONCILE_THREADS = 50;

  static BenchmarkSettings fromEnvironment(Map<String, String> env) {
    int tokens = number(env, "KEYWARD_BENCH_TOKENS", FULL_RECONCILE_TOKENS);
    int indexed = Math.max(tokens, number(env, "KEYWARD_BENCH_INDEXED", FULL_INDEXED_TOKENS));
    int unrelated = number(env, "KEYWARD_BENCH_UNRELATED_SECRETS", FULL_UNRELATED_SECRETS);
    boolean full =
        tokens >= FULL_RECONCILE_TOKENS
            && indexed >= FULL_INDEXED_TOKENS
            && unrelated >= FULL_UNRELATED_SECRETS;
    // A reduced run never overwrites the reference results unless told to.
    String output =
        env.getOrDefault(
            "KEYWARD_BENCH_OUTPUT",
            full ? "docs/benchmarks/results.md" : "docs/benchmarks/results-reduced.md");
    return new BenchmarkSettings(
        tokens,
        number(env, "KEYWARD_BENCH_WARMUP_TOKENS", 500),
        indexed,
        unrelated,
        number(env, "KEYWARD_BENCH_WRITE_CONCURRENCY", OPERATOR_RECONCILE_THREADS),
        number(env, "KEYWARD_BENCH_WRK_THREADS", 2),
        number(env, "KEYWARD_BENCH_WRK_CONNECTIONS", 64),
        Duration.ofSeconds(number(env, "KEYWARD_BENCH_WARMUP_SECONDS", 10)),
        Duration.ofSeconds(number(env, "KEYWARD_BENCH_LOAD_SECONDS", 30)),
        Duration.ofSeconds(number(env, "KEYWARD_BENCH_SETTLE_SECONDS", 10)),
        Path.of(output),
        Path.of(
            env.getOrDefault(
                "KEYWARD_BENCH_OPERATOR_JAR",
                "operator/target/keyward-operator-0.1.0-SNAPSHOT.jar")),
        Path.of(env.getOrDefault("KEYWARD_BENCH_GO_FLOOR", "operator/target/keyward-floor")),
        Optional.ofNullable(env.get("KEYWARD_BENCH_PROFILE"))
            .filter(v -> !v.isBlank())
            .map(Path::of),
        env.containsKey("KEYWARD_BENCH_LARGE") ? number(env, "KEYWARD_BENCH_LARGE", 0) : 0,
        number(env, "KEYWARD_BENCH_LARGE_MEMORY_MIB", 2048) * 1024L * 1024L,
        Duration.ofSeconds(number(env, "KEYWARD_BENCH_RESTART_SETTLE_SECONDS", 30)));
  }

  /** How long the verifier replica is kept under load around the restart. */
  Duration restartWindow() {
    return restartSettle.plusSeconds(45);
  }

  /** True when every size is the full one, so the figures may stand as the reference results. */
  boolean fullSize() {
    return reconcileTokens >= FULL_RECONCILE_TOKENS
        && indexedTokens >= FULL_INDEXED_TOKENS
        && unrelatedSecrets >= FULL_UNRELATED_SECRETS;
  }

  private static int number(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    int parsed = Integer.parseInt(value.trim());
    if (parsed < 1) {
      throw new IllegalArgumentException(name + " must be at least 1");
    }
    return parsed;
  }
}
