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
      // Fields after the command (which may hold spaces) start after the last ')'.
      return cpuSecondsOfStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * CPU seconds per thread group of a JVM process (thread names without their numbers: "C2
   * CompilerThre", "vert.x-eventloo", "pool-3-thread-", "VM Thread", ...), from {@code
   * /proc/<pid>/task}.
   */
  static Map<String, Double> threadCpuSeconds(long pid) {
    Map<String, Double> groups = new LinkedHashMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(
          task -> {
            try {
              String name = Files.readString(task.resolve("comm")).trim();
              String group = threadGroup(name);
              groups.merge(
                  group, cpuSecondsOfStat(Files.readString(task.resolve("stat"))), Double::sum);
            } catch (IOException e) {
              // the thread ended meanwhile
            }
          });
    } catch (IOException e) {
      return groups;
    }
    return groups;
  }

  /** The kind of work a JVM thread does, from its name. */
  static String threadGroup(String name) {
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "JIT compiler";
    }
    if (name.startsWith("VM Thread") || name.startsWith("GC ") || name.startsWith("G1 ")) {
      return "GC and VM";
    }
    if (name.startsWith("vert.x-eventloo")) {
      return "Vert.x event loops (HTTP client and server)";
    }
    if (name.matches("pool-\\d+-thread-\\d*") || name.startsWith("pool-")) {
      return "reconcile threads";
    }
    return "other";
  }

  private static double cpuSecondsOfStat(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12]))
        / (double) CLOCK_TICKS_PER_SECOND;
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
    private final Map<String, Double> threadStart;
    private final long threadsOf;

    CpuMeter(Map<String, Long> parties) {
      this(parties, -1);
    }

    /** With {@code threadsOf} a JVM's pid: also its CPU by thread group. */
    CpuMeter(Map<String, Long> parties, long threadsOf) {
      pids.putAll(parties);
      pids.forEach((name, pid) -> start.put(name, cpuSeconds(pid)));
      this.threadsOf = threadsOf;
      this.threadStart = threadsOf > 0 ? threadCpuSeconds(threadsOf) : Map.of();
    }

    /** CPU seconds of the JVM's thread groups since this meter was made. */
    Map<String, Double> threadsUsed() {
      Map<String, Double> used = new LinkedHashMap<>();
      if (threadsOf > 0) {
        threadCpuSeconds(threadsOf)
            // A thread that ended meanwhile (the JVM retires idle compiler threads) takes its CPU
            // time with it: such a group's figure is a lower bound, never below zero.
            .forEach(
                (group, seconds) ->
                    used.put(group, Math.max(0, seconds - threadStart.getOrDefault(group, 0.0))));
      }
      return used;
    }

    /** CPU seconds each party used since this meter was made. */
    Map<String, Double> used() {
      Map<String, Double> used = new LinkedHashMap<>();
      pids.forEach((name, pid) -> used.put(name, cpuSeconds(pid) - start.get(name)));
      return used;
    }
  }
}
