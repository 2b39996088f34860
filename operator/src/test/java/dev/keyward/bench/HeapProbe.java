package dev.keyward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures a JVM's live heap with jcmd: a full GC ({@code GC.run}), then the total of {@code
 * GC.class_histogram}, which itself counts only live objects after another full collection.
 */
final class HeapProbe {

  private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

  private HeapProbe() {}

  /** Live heap bytes of the process after a full GC. */
  static long liveBytes(long pid) {
    jcmd(pid, "GC.run");
    String histogram = jcmd(pid, "GC.class_histogram");
    Matcher m = TOTAL.matcher(histogram);
    if (!m.find()) {
      throw new IllegalStateException("no total in the class histogram");
    }
    return Long.parseLong(m.group(2));
  }

  /**
   * The collector and heap sizes, for example "garbage-first heap, 200 MiB committed, max 6 GiB".
   */
  static String heapSummary(long pid) {
    Matcher heap =
        Pattern.compile("(?m)^\\s*([a-z -]+heap)\\s+total (\\d+)K")
            .matcher(jcmd(pid, "GC.heap_info"));
    Matcher max = Pattern.compile("MaxHeapSize=(\\d+)").matcher(jcmd(pid, "VM.flags"));
    String collector =
        heap.find()
            ? heap.group(1) + ", " + Long.parseLong(heap.group(2)) / 1024 + " MiB committed"
            : "heap";
    return max.find()
        ? collector + ", max " + Long.parseLong(max.group(1)) / 1048576 + " MiB"
        : collector;
  }

  static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String executable = Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd";
    try {
      Process process =
          new ProcessBuilder(
                  Stream.concat(
                          Stream.of(executable, Long.toString(pid)), Stream.of(command.split(" ")))
                      .toList())
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("jcmd " + command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
