package dev.keyward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl of the test cluster's release, as a user would. */
public final class Kubectl {

  /** What kubectl answered. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String output() {
      return stdout + stderr;
    }
  }

  private Kubectl() {}

  public static Result run(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(TestCluster.cluster().binary("kubectl").toString());
    command.add("--kubeconfig=" + TestCluster.cluster().kubeconfig());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("kubectl timed out: " + args[0]);
      }
      return new Result(process.exitValue(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
