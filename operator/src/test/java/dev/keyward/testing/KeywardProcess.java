package dev.keyward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./keyward} as users run it, in a JVM of its own (the test classpath, main class {@code
 * dev.keyward.Keyward}), so that tests can kill it with SIGKILL. Output goes to a log file.
 */
public final class KeywardProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path log;
  private int metricsPort;

  private KeywardProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code keyward <arguments>} with extra environment variables and JVM options. */
  public static KeywardProcess start(
      List<String> jvmOptions, List<String> arguments, Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.keyward.Keyward"));
    command.addAll(arguments);
    try {
      Path log = Files.createTempFile("keyward-process-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      return new KeywardProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port the process serves /metrics on, for {@link #reconciledKinds()}. */
  public KeywardProcess withMetricsPort(int port) {
    this.metricsPort = port;
    return this;
  }

  /** The kinds this process has reconciled successfully at least once, from its /metrics. */
  public Set<String> reconciledKinds() {
    String metrics;
    try {
      metrics =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + metricsPort + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
    } catch (IOException e) {
      return Set.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Set.of();
    }
    Set<String> kinds = new TreeSet<>();
    for (String line : metrics.lines().toList()) {
      if (!line.startsWith("operator_sdk_reconciliations_success_total{")
          || Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) < 1) {
        continue;
      }
      String labels = line.toLowerCase(Locale.ROOT);
      for (String kind : List.of("ApiUser", "ApiToken", "Application")) {
        if (labels.contains(kind.toLowerCase(Locale.ROOT))) {
          kinds.add(kind);
        }
      }
    }
    return kinds;
  }

  public ProcessHandle handle() {
    return process.toHandle();
  }

  /** Waits for a line of output matching {@code regex}; returns its first group. */
  public String awaitOutput(String regex, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> match =
          output().stream()
              .map(pattern::matcher)
              .filter(Matcher::find)
              .map(m -> m.groupCount() > 0 ? m.group(1) : m.group())
              .findFirst();
      if (match.isPresent()) {
        return match.get();
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("keyward exited with " + process.exitValue() + tail());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no output matching " + regex + " within " + timeout + tail());
  }

  /** Waits until {@code url} answers 200. */
  public void awaitReady(String url, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("keyward exited with " + process.exitValue() + tail());
      }
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("keyward not ready within " + timeout + tail());
  }

  /** SIGKILL: no shutdown hook runs. Returns once the process is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private List<String> output() {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      return List.of();
    }
  }

  public String tail() {
    List<String> lines = output();
    return "; last output:\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** Stops the process as Ctrl-C would, so that its shutdown hook runs. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a left-over log in the temp directory is harmless
    }
  }
}
