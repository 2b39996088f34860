package dev.keyward.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Profiles a phase of a benchmark with JDK Flight Recorder in the operator process ({@code jcmd
 * JFR.start} / {@code JFR.stop}) and summarises the CPU samples ({@code jdk.ExecutionSample}): the
 * top frames (where the samples were taken) and the frames most often on the stack among Keyward's
 * and its libraries' own. Off unless KEYWARD_BENCH_PROFILE names a directory.
 */
final class Profiler {

  /** One profiled phase: where the recording is and its summary. */
  record Profile(String phase, Path recording, int samples, List<String> top, List<String> held) {}

  private static final Pattern LIBRARY =
      Pattern.compile(
          "^(dev\\.keyward|io\\.javaoperatorsdk|io\\.fabric8|io\\.vertx|com\\.fasterxml)");

  private final Optional<Path> directory;

  Profiler(Optional<Path> directory) {
    this.directory = directory;
  }

  boolean enabled() {
    return directory.isPresent();
  }

  void start(long pid, String phase) {
    if (enabled()) {
      HeapProbe.jcmd(pid, "JFR.start name=" + phase + " settings=profile");
    }
  }

  Optional<Profile> stop(long pid, String phase) {
    if (!enabled()) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(directory.get());
      Path file = directory.get().resolve(phase + ".jfr").toAbsolutePath();
      HeapProbe.jcmd(pid, "JFR.stop name=" + phase + " filename=" + file);
      return Optional.of(summarise(phase, file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Profile summarise(String phase, Path recording) throws IOException {
    Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
    Process process =
        new ProcessBuilder(
                List.of(
                    Files.isExecutable(jfr) ? jfr.toString() : "jfr",
                    "print",
                    "--events",
                    "jdk.ExecutionSample",
                    "--stack-depth",
                    "64",
                    recording.toString()))
            .redirectErrorStream(true)
            .start();
    Map<String, Integer> top = new HashMap<>();
    Map<String, Integer> held = new HashMap<>();
    int samples = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean inStack = false;
      boolean first = false;
      Set<String> seen = new HashSet<>();
      while ((line = in.readLine()) != null) {
        String trimmed = line.trim();
        if (trimmed.startsWith("stackTrace = [")) {
          inStack = true;
          first = true;
          seen.clear();
          samples++;
          continue;
        }
        if (!inStack) {
          continue;
        }
        if (trimmed.startsWith("]")) {
          inStack = false;
          continue;
        }
        if (trimmed.equals("...")) {
          continue;
        }
        String frame = trimmed.replaceAll("\\s+line:.*$", "");
        if (first) {
          top.merge(frame, 1, Integer::sum);
          first = false;
        }
        if (LIBRARY.matcher(frame).find() && seen.add(frame)) {
          held.merge(frame, 1, Integer::sum);
        }
      }
    }
    try {
      process.waitFor(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Profile(phase, recording, samples, ranked(top, samples), ranked(held, samples));
  }

  private static List<String> ranked(Map<String, Integer> counts, int samples) {
    List<String> lines = new ArrayList<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(12)
        .forEach(
            e ->
                lines.add(
                    String.format(
                        Locale.ROOT,
                        "%5.1f%%  %s",
                        100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey())));
    return lines;
  }

  /** Prints a summary, for the progress log and the results file. */
  static String render(Profile p) {
    Map<String, List<String>> parts = new LinkedHashMap<>();
    parts.put("top frames (self)", p.top());
    parts.put("Keyward and library frames on the stack", p.held());
    StringBuilder out = new StringBuilder();
    out.append(p.phase()).append(": ").append(p.samples()).append(" CPU samples\n");
    parts.forEach(
        (title, lines) -> {
          out.append("  ").append(title).append(":\n");
          lines.forEach(l -> out.append("    ").append(l).append('\n'));
        });
    return out.toString();
  }
}
