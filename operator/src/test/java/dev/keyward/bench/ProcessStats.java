package dev.keyward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Resident memory and CPU time of processes, from {@code /proc} (Linux): the operator's RSS beside
 * its live heap, and the CPU seconds each party (operator, API server, etcd, load generator) spent
 * during a run, which tells where a run's time went on a shared machine.
 */
final class ProcessStats {

  private static final long CLOCK_TICKS_PER_SECOND = 100;

  private ProcessStats() {}

  /** Resident set size in bytes ({@code VmRSS}). */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      throw new IllegalStateException("no VmRSS for process " + pid);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** User plus system CPU seconds the process has used so far. */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command (which may hold spaces) start after the last ')'.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return (double) ticks / CLOCK_TICKS_PER_SECOND;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The benchmark's own child process whose command line contains {@code name}, if any. */
  static Optional<ProcessHandle> child(String name) {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().map(c -> c.contains(name)).orElse(false))
        .findFirst();
  }

  /** CPU seconds of named parties, taken at the start of a run and read back at its end. */
  static final class CpuMeter {
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, Double> start = new LinkedHashMap<>();

    CpuMeter(Map<String, Long> parties) {
      pids.putAll(parties);
      pids.forEach((name, pid) -> start.put(name, cpuSeconds(pid)));
    }

    /** CPU seconds each party used since this meter was made. */
    Map<String, Double> used() {
      Map<String, Double> used = new LinkedHashMap<>();
      pids.forEach((name, pid) -> used.put(name, cpuSeconds(pid) - start.get(name)));
      return used;
    }
  }
}
