package dev.keyward.verify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: each client may fail a limited number of times per window; after that it is
 * told to come back when the window ends. Memory is bounded by dropping ended windows.
 */
public final class FailureThrottle {

  private record Window(Instant start, int failures) {}

  private static final int MAX_CLIENTS = 100_000;

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  public FailureThrottle(int maxFailures, Duration window, Clock clock) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
  }

  /** When the client is throttled: how long until it may try again. */
  public Optional<Duration> retryAfter(String client) {
    Window w = windows.get(client);
    Instant now = clock.instant();
    if (w == null || w.failures() < maxFailures) {
      return Optional.empty();
    }
    Instant end = w.start().plus(window);
    if (!now.isBefore(end)) {
      windows.remove(client, w);
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, end));
  }

  /** {@link #retryAfter} in whole seconds for a Retry-After header: rounded up, at least 1. */
  public Optional<Long> retryAfterSeconds(String client) {
    return retryAfter(client).map(wait -> Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  public void recordFailure(String client) {
    Instant now = clock.instant();
    if (windows.size() >= MAX_CLIENTS) {
      windows.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
    }
    windows.compute(
        client,
        (k, w) ->
            w == null || !now.isBefore(w.start().plus(window))
                ? new Window(now, 1)
                : new Window(w.start(), w.failures() + 1));
  }
}
