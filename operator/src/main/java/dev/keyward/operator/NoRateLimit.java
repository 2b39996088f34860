package dev.keyward.operator;

import io.javaoperatorsdk.operator.processing.event.rate.RateLimiter;
import java.time.Duration;
import java.util.Optional;

/**
 * No rate limit on reconciles, with no state per resource. java-operator-sdk's default limiter
 * limits nothing either, but keeps a state of three date-time objects for every cached resource
 * (about a megabyte per 10,000 tokens); this one shares a single state.
 */
final class NoRateLimit implements RateLimiter<NoRateLimit.Unlimited> {

  static final NoRateLimit INSTANCE = new NoRateLimit();

  /** The one state every resource shares. */
  static final class Unlimited implements RateLimitState {
    private static final Unlimited STATE = new Unlimited();

    private Unlimited() {}
  }

  private NoRateLimit() {}

  @Override
  public Optional<Duration> isLimited(RateLimitState state) {
    return Optional.empty();
  }

  @Override
  public Unlimited initState() {
    return Unlimited.STATE;
  }
}
