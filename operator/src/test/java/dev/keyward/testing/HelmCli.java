package dev.keyward.testing;

import dev.keyward.local.LocalNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Helm CLI, as a user runs it against the test cluster: {@code helm package}, {@code install},
 * {@code upgrade}, {@code uninstall}. Built by {@code scripts/build-cluster-tools.sh}, or the one
 * on the PATH.
 */
public final class HelmCli {

  /** What helm answered. */
  public record Result(int exitCode, String output) {
    public Result orThrow() {
      if (exitCode != 0) {
        throw new IllegalStateException("helm exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  private final Path binary;
  private final Path kubeconfig;

  private HelmCli(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  public static HelmCli against(Path kubeconfig) {
    return new HelmCli(
        binary().orElseThrow(() -> new IllegalStateException(missing())), kubeconfig);
  }

  /** Where the built helm is, or the one on the PATH. */
  public static Optional<Path> binary() {
    Path built = LocalNode.clusterToolsDirectory().resolve("helm");
    if (Files.isExecutable(built)) {
      return Optional.of(built);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "helm"))) {
        return Optional.of(Path.of(dir, "helm"));
      }
    }
    return Optional.empty();
  }

  public static String missing() {
    return "helm not found in "
        + LocalNode.clusterToolsDirectory()
        + ": run scripts/build-cluster-tools.sh";
  }

  /** {@code helm package <chart> -d <dir>}: the packaged chart's path. */
  public Path packageChart(Path chart, Path dir) {
    String out = run("package", chart.toString(), "-d", dir.toString()).orThrow().output();
    int at = out.lastIndexOf(": ");
    return Path.of(out.substring(at + 2).strip());
  }

  public Result run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    command.add("--kubeconfig=" + kubeconfig);
    try {
      Path cache = Files.createDirectories(TestCluster.repoRoot().resolve("operator/target/helm"));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("HELM_CACHE_HOME", cache.resolve("cache").toString());
      builder.environment().put("HELM_CONFIG_HOME", cache.resolve("config").toString());
      builder.environment().put("HELM_DATA_HOME", cache.resolve("data").toString());
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("helm " + args[0] + " timed out");
      }
      return new Result(process.exitValue(), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
