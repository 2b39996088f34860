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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Profiles a phase of a benchmark with JDK Flight Recorder in the operator process ({@code jcmd
 * JFR.start} / {@code JFR.stop}) and summarises the CPU samples ({@code jdk.ExecutionSample}): the
 * top frames (where the samples were taken) and the frames most often on the stack among Keyward's
 * and its libraries' own. Off unless KEYWARD_BENCH_PROFILE names a directory.
 */
final class Profiler {

  /** One profiled phase: where the recording is and its summary. */
  record Profile(
      String phase,
      Path recording,
      int samples,
      List<String> top,
      List<String> keyward,
      List<String> threads) {}

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

  /** Writes the live objects' class histogram (jcmd GC.class_histogram) beside the profiles. */
  void histogram(long pid, String name) {
    try {
      Files.createDirectories(directory.get());
      Files.writeString(
          directory.get().resolve(name + ".txt"), HeapProbe.jcmd(pid, "GC.class_histogram"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    Map<String, Integer> keyward = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean inStack = false;
      boolean first = false;
      boolean keywardSeen = false;
      while ((line = in.readLine()) != null) {
        String trimmed = line.trim();
        if (trimmed.startsWith("sampledThread = ")) {
          String thread =
              trimmed
                  .substring("sampledThread = ".length())
                  .replaceAll("\\s*\\(javaThreadId.*", "")
                  .replace("\"", "")
                  .replaceAll("\\d+", "N");
          threads.merge(thread, 1, Integer::sum);
          continue;
        }
        if (trimmed.startsWith("stackTrace = [")) {
          inStack = true;
          first = true;
          keywardSeen = false;
          samples++;
          continue;
        }
        if (!inStack) {
          continue;
        }
        if (trimmed.startsWith("]")) {
          if (!keywardSeen) {
            keyward.merge("(no Keyward frame: informers, HTTP client, server)", 1, Integer::sum);
          }
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
        if (!keywardSeen && frame.startsWith("dev.keyward.")) {
          keyward.merge(frame, 1, Integer::sum);
          keywardSeen = true;
        }
      }
    }
    try {
      process.waitFor(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return new Profile(
        phase,
        recording,
        samples,
        ranked(top, samples),
        ranked(keyward, samples),
        ranked(threads, samples));
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
    parts.put("threads", p.threads());
    parts.put("top frames (self)", p.top());
    parts.put("innermost Keyward frame", p.keyward());
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
