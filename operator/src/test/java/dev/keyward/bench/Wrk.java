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
 * Runs wrk against {@code GET /auth}, rotating over real keys sent in the {@code Token:} header,
 * and reads requests per second and latency percentiles from its {@code --latency} report.
 */
final class Wrk {

  /** What one wrk run measured; latencies in milliseconds. */
  record Result(
      double requestsPerSecond,
      double p50,
      double p90,
      double p99,
      long requests,
      long non2xx,
      long socketErrors) {}

  /** GET /auth, each request with the next key in the {@code Token:} header. */
  static final String AUTH_SCRIPT =
      """
      -- Each thread pre-formats one request per key, then cycles through them.
      local requests = {}
      local cursor = 0
      init = function(args)
        for key in io.lines(args[1]) do
          requests[#requests + 1] = wrk.format("GET", "/auth", { ["Token"] = key })
        end
        cursor = math.random(#requests)
      end
      request = function()
        cursor = cursor % #requests + 1
        return requests[cursor]
      end
      """;

  /**
   * As {@link #AUTH_SCRIPT}, each connection waiting {@code args[2]} milliseconds before each of
   * its requests: a paced load at about connections × 1000 / delay requests per second.
   */
  static final String PACED_AUTH_SCRIPT =
      AUTH_SCRIPT
          + """
          local pause = 0
          local base_init = init
          init = function(args)
            base_init(args)
            pause = tonumber(args[2])
          end
          delay = function()
            return pause
          end
          """;

  /**
   * RFC 6749 client credentials at {@code POST /oauth/token}: the file's first line is the client
   * id, the second the secret; both go in the form body.
   */
  static final String EXCHANGE_SCRIPT =
      """
      local body = nil
      init = function(args)
        local lines = {}
        for line in io.lines(args[1]) do
          lines[#lines + 1] = line
        end
        body = "grant_type=client_credentials&client_id=" .. lines[1] .. "&client_secret=" .. lines[2]
      end
      request = function()
        return wrk.format("POST", "/oauth/token",
          { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
      end
      """;

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private final int threads;
  private final int connections;

  int connections() {
    return connections;
  }

  Wrk(int threads, int connections) {
    this.threads = threads;
    this.connections = connections;
  }

  static String version() {
    try {
      Process process = new ProcessBuilder("wrk", "-v").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(5, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("wrk").replaceAll("\\s*Copyright.*", "").trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "wrk";
    }
  }

  Result run(int port, Path keys, Duration duration) throws InterruptedException {
    return run(port, "/auth", AUTH_SCRIPT, duration, keys.toString());
  }

  /** Runs wrk on {@code path} with a Lua script and its arguments. */
  Result run(int port, String path, String lua, Duration duration, String... scriptArgs)
      throws InterruptedException {
    Path script = null;
    try {
      script = Files.createTempFile("keyward-bench-", ".lua");
      Files.writeString(script, lua);
      List<String> command =
          new ArrayList<>(
              List.of(
                  "wrk",
                  "-t" + threads,
                  "-c" + connections,
                  "-d" + Math.max(1, duration.toSeconds()) + "s",
                  "--timeout",
                  "5s",
                  "--latency",
                  "-s",
                  script.toString(),
                  "http://127.0.0.1:" + port + path,
                  "--"));
      command.addAll(List.of(scriptArgs));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("wrk failed: " + out);
      }
      return parse(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (script != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException e) {
          // the script holds no secrets
        }
      }
    }
  }

  static Result parse(String out) {
    return new Result(
        Double.parseDouble(find(RATE, out, "Requests/sec")),
        percentile(out, "50"),
        percentile(out, "90"),
        percentile(out, "99"),
        Long.parseLong(find(TOTAL, out, "requests")),
        NON_2XX.matcher(out).results().mapToLong(m -> Long.parseLong(m.group(1))).sum(),
        SOCKET_ERRORS
            .matcher(out)
            .results()
            .mapToLong(
                m ->
                    Long.parseLong(m.group(1))
                        + Long.parseLong(m.group(2))
                        + Long.parseLong(m.group(3))
                        + Long.parseLong(m.group(4)))
            .sum());
  }

  private static double percentile(String out, String which) {
    Matcher m = Pattern.compile("\\s" + which + "%\\s+([0-9.]+)(us|ms|s|m)\\b").matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + which + "th percentile in wrk's report");
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> value / 1000;
      case "ms" -> value;
      case "s" -> value * 1000;
      default -> value * 60_000;
    };
  }

  private static String find(Pattern pattern, String out, String what) {
    Matcher m = pattern.matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + what + " in wrk's report");
    }
    return m.group(1);
  }
}
