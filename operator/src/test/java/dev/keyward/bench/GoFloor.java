package dev.keyward.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The write floor sent from a Go client-go program ({@code bench/floor}, built by
 * scripts/benchmark.sh): the same writes as {@link WriteFloor}, at the same concurrency, from a
 * client whose own CPU cost is small, so the floor is the API server's rather than the load
 * generator's. The same program is the load generator of the operator's run ({@link
 * #createForOperator}): it creates the tokens and times them Active the same way, so the operator's
 * figure and the floor's differ only by who writes the Secrets and statuses.
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

  /**
   * The floor: creates the owner and {@code count} tokens, with their Secrets and Active statuses;
   * seconds from the first create until all are Active.
   */
  double run(String namespace, int count, int concurrency, Duration timeout)
      throws InterruptedException {
    return time(namespace, 0, count, concurrency, timeout, false);
  }

  /**
   * The operator's run: only creates tokens {@code from} to {@code from + count - 1} of the
   * existing owner, leaving their Secrets and statuses to the operator; seconds from the first
   * create until all of them are Active.
   */
  double createForOperator(String namespace, int from, int count, int concurrency, Duration timeout)
      throws InterruptedException {
    return time(namespace, from, count, concurrency, timeout, true);
  }

  private double time(
      String namespace, int from, int count, int concurrency, Duration timeout, boolean createOnly)
      throws InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toAbsolutePath().toString(),
                "-kubeconfig",
                kubeconfig.toString(),
                "-namespace",
                namespace,
                "-from",
                Integer.toString(from),
                "-tokens",
                Integer.toString(count),
                "-concurrency",
                Integer.toString(concurrency),
                "-timeout",
                timeout.toSeconds() + "s"));
    if (createOnly) {
      command.add("-operator");
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toSeconds() + 60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the Go client did not finish");
      }
      Matcher m = SECONDS.matcher(out);
      if (process.exitValue() != 0 || !m.find()) {
        throw new IllegalStateException("the Go client failed: " + out);
      }
      return Double.parseDouble(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
