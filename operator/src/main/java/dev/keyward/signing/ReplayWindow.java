package dev.keyward.signing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Remembers the {@code jti} of every accepted signed JWT until it expires, so the same JWT is
 * accepted once. Bounded: past {@code maxEntries} the entries closest to their end are evicted
 * first in Caffeine's approximation; the bound is high enough for the default five-minute JWT
 * lifetime. Per replica: each replica remembers what it accepted.
 */
public final class ReplayWindow {

  public static final int DEFAULT_MAX_ENTRIES = 200_000;

  private final Cache<String, Instant> seen;
  private final Clock clock;

  public ReplayWindow(Clock clock, int maxEntries) {
    this.clock = clock;
    this.seen =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(
                Expiry.<String, Instant>creating(
                    (key, until) -> positive(Duration.between(clock.instant(), until))))
            .build();
  }

  /** True the first time {@code jti} of {@code credential} is presented before {@code until}. */
  public boolean firstUse(String credential, String jti, Instant until) {
    Instant now = clock.instant();
    boolean[] first = {false};
    seen.asMap()
        .compute(
            credential + "\u0000" + jti,
            (key, earlier) -> {
              if (earlier == null || !earlier.isAfter(now)) {
                first[0] = true;
                return until;
              }
              return earlier;
            });
    return first[0];
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
