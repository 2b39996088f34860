package dev.keyward.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Slows down guessing: each client may fail a limited number of times per window; after that its
 * failures are told to come back when the window ends. Only failures are counted and only failures
 * are refused: callers check the credential first, so a valid one always passes. The table is
 * bounded: past {@code maxClients} entries Caffeine evicts in constant time per call, and windows
 * that ended expire on their own.
 */
public final class FailureThrottle {

  /** Clients remembered at most; each entry is a short key and two numbers. */
  public static final int DEFAULT_MAX_CLIENTS = 100_000;

  private record Window(Instant start, int failures) {}

  private final int maxFailures;
  private final Duration window;
  private final Clock clock;
  private final Cache<String, Window> windows;

  public FailureThrottle(int maxFailures, Duration window, Clock clock) {
    this(maxFailures, window, clock, DEFAULT_MAX_CLIENTS);
  }

  public FailureThrottle(int maxFailures, Duration window, Clock clock, int maxClients) {
    this.maxFailures = maxFailures;
    this.window = window;
    this.clock = clock;
    this.windows =
        Caffeine.newBuilder()
            .maximumSize(maxClients)
            .expireAfter(new WindowEnd())
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            // Maintenance runs on the calling thread: no background pool, predictable in tests.
            .executor(Runnable::run)
            .build();
  }

  /** When the client is throttled: how long until it may try again. */
  public Optional<Duration> retryAfter(String client) {
    Window w = windows.getIfPresent(client);
    Instant now = clock.instant();
    if (w == null || w.failures() < maxFailures) {
      return Optional.empty();
    }
    Instant end = w.start().plus(window);
    if (!now.isBefore(end)) {
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
    windows
        .asMap()
        .compute(
            client,
            (k, w) ->
                w == null || !now.isBefore(w.start().plus(window))
                    ? new Window(now, 1)
                    : new Window(w.start(), w.failures() + 1));
  }

  /** Clients currently remembered, after pending evictions ran. */
  public long size() {
    windows.cleanUp();
    return windows.estimatedSize();
  }

  /** Whether the client is still remembered (it may have been evicted to keep the bound). */
  public boolean remembers(String client) {
    return windows.getIfPresent(client) != null;
  }

  /** An entry lives until its window ends. */
  private final class WindowEnd implements Expiry<String, Window> {
    @Override
    public long expireAfterCreate(String key, Window value, long currentTime) {
      return remaining(value);
    }

    @Override
    public long expireAfterUpdate(
        String key, Window value, long currentTime, long currentDuration) {
      return remaining(value);
    }

    @Override
    public long expireAfterRead(String key, Window value, long currentTime, long currentDuration) {
      return currentDuration;
    }

    private long remaining(Window value) {
      return Math.max(0, Duration.between(clock.instant(), value.start().plus(window)).toNanos());
    }
  }
}
