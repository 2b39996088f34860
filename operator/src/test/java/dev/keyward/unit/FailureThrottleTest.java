package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.verify.FailureThrottle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FailureThrottleTest {

  /** A clock the test moves by hand. */
  static final class TestingClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void clientIsThrottledAfterTooManyFailuresUntilTheWindowEnds() {
    TestingClock clock = new TestingClock();
    FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(1), clock);

    for (int i = 0; i < 2; i++) {
      throttle.recordFailure("a");
    }
    assertThat(throttle.retryAfter("a")).isEmpty();
    throttle.recordFailure("a");
    clock.now = clock.now.plusSeconds(20);

    assertThat(throttle.retryAfter("a")).contains(Duration.ofSeconds(40));
    assertThat(throttle.retryAfter("b")).isEmpty();
    clock.now = clock.now.plusSeconds(40);
    assertThat(throttle.retryAfter("a")).isEmpty();
  }

  @Test
  void twoHundredThousandDistinctFailingClientsKeepTheTableAtItsCap() {
    TestingClock clock = new TestingClock();
    int cap = 10_000;
    FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(1), clock, cap);

    for (int i = 0; i < 200_000; i++) {
      throttle.recordFailure("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff));
      if (i % 20_000 == 0) {
        assertThat(throttle.size()).isLessThanOrEqualTo(cap);
      }
    }

    assertThat(throttle.size()).isLessThanOrEqualTo(cap);
    // Eviction happened: most of the early clients are gone, while fresh ones are remembered.
    long earlyRemembered = 0;
    for (int i = 0; i < 1000; i++) {
      if (throttle.remembers("10.0." + ((i >> 8) & 0xff) + "." + (i & 0xff))) {
        earlyRemembered++;
      }
    }
    assertThat(earlyRemembered).isLessThan(1000);
  }

  @Test
  void endedWindowsExpireFromTheTable() {
    TestingClock clock = new TestingClock();
    FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(1), clock);
    for (int i = 0; i < 100; i++) {
      throttle.recordFailure("192.0.2." + i);
    }

    clock.now = clock.now.plusSeconds(61);

    assertThat(throttle.size()).isZero();
  }
}
