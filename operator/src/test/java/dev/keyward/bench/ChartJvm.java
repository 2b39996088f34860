package dev.keyward.bench;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operator's JVM settings as the Helm chart gives them ({@code jvmOptions}, the memory limit in
 * {@code resources.limits.memory}), so the benchmark runs the operator as a pod would: the
 * container's memory limit is what the JVM sizes its heap from, reproduced with {@code -XX:MaxRAM}.
 */
record ChartJvm(String options, long memoryLimitBytes) {

  static final Path VALUES = Path.of("helm/keyward/values.yaml");

  /** glibc malloc arenas, as the chart sets them: fewer arenas, less resident memory. */
  static final String MALLOC_ARENA_MAX = "2";

  @SuppressWarnings("unchecked")
  static ChartJvm fromChart() {
    try {
      Map<String, Object> values = Serialization.unmarshal(Files.readString(VALUES), Map.class);
      String options =
          System.getenv()
              .getOrDefault(
                  "KEYWARD_BENCH_OPERATOR_JVM",
                  String.valueOf(values.getOrDefault("jvmOptions", "")));
      Map<String, Object> resources = (Map<String, Object>) values.get("resources");
      Map<String, Object> limits =
          resources == null ? null : (Map<String, Object>) resources.get("limits");
      Object memory = limits == null ? null : limits.get("memory");
      return new ChartJvm(options, memory == null ? 0 : bytes(memory.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JVM arguments of a process started as the chart starts the operator. */
  List<String> arguments() {
    List<String> arguments = new ArrayList<>();
    if (memoryLimitBytes > 0) {
      arguments.add("-XX:MaxRAM=" + memoryLimitBytes);
    }
    for (String option : options.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        arguments.add(option);
      }
    }
    return arguments;
  }

  /** The same options under another memory limit. */
  ChartJvm withMemoryLimit(long bytes) {
    return new ChartJvm(options, bytes);
  }

  String describe() {
    return (options.isBlank() ? "JVM defaults" : "`" + options.trim() + "`")
        + (memoryLimitBytes > 0
            ? ", memory limit " + memoryLimitBytes / 1048576 + " MiB (as `-XX:MaxRAM`)"
            : "");
  }

  static long bytes(String quantity) {
    String q = quantity.trim();
    Map<String, Long> units =
        Map.of("Ki", 1024L, "Mi", 1024L * 1024, "Gi", 1024L * 1024 * 1024, "M", 1_000_000L);
    for (var unit : List.of("Ki", "Mi", "Gi", "M")) {
      if (q.endsWith(unit)) {
        return Long.parseLong(q.substring(0, q.length() - unit.length())) * units.get(unit);
      }
    }
    return Long.parseLong(q);
  }
}
