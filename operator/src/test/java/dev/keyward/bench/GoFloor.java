package dev.keyward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The write floor sent from a Go client-go program ({@code bench/floor}, built by
 * scripts/benchmark.sh): the same writes as {@link WriteFloor}, at the same concurrency, from a
 * client whose own CPU cost is small, so the floor is the API server's rather than the load
 * generator's.
 */
final class GoFloor {

  private static final Pattern SECONDS = Pattern.compile("\"seconds\":([0-9.eE+-]+)");

  private final Path binary;
  private final Path kubeconfig;

  GoFloor(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  boolean available() {
    return Files.isExecutable(binary);
  }

  /** Seconds from the first create until all {@code count} tokens are Active. */
  double run(String namespace, int count, int concurrency, Duration timeout)
      throws InterruptedException {
    try {
      Process process =
          new ProcessBuilder(
                  List.of(
                      binary.toAbsolutePath().toString(),
                      "-kubeconfig",
                      kubeconfig.toString(),
                      "-namespace",
                      namespace,
                      "-tokens",
                      Integer.toString(count),
                      "-concurrency",
                      Integer.toString(concurrency),
                      "-timeout",
                      timeout.toSeconds() + "s"))
              .redirectErrorStream(true)
              .start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toSeconds() + 60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the Go floor did not finish");
      }
      Matcher m = SECONDS.matcher(out);
      if (process.exitValue() != 0 || !m.find()) {
        throw new IllegalStateException("the Go floor failed: " + out);
      }
      return Double.parseDouble(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
