package dev.keyward.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The start-up wait of the local cluster's processes, on a clock that passes midnight. */
class StartupWaitTest {

  private static final Instant BEFORE_MIDNIGHT =
      LocalDateTime.of(2026, 12, 1, 23, 58, 30).toInstant(ZoneOffset.UTC);

  /** A clock that moves {@code step} further each time it is read. */
  private static final class SteppingClock extends Clock {
    private Instant now;
    private final Duration step;

    SteppingClock(Instant start, Duration step) {
      this.now = start;
      this.step = step;
    }

    @Override
    public Instant instant() {
      Instant current = now;
      now = now.plus(step);
      return current;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void waitStartedShortlyBeforeMidnightLastsItsFullTimeoutAcrossMidnight() {
    // Deadline 00:00:30; each check of it moves the clock 30 s: the fourth check is at 00:00:30,
    // past midnight, and the process is ready at the fifth poll.
    Clock clock = new SteppingClock(BEFORE_MIDNIGHT, Duration.ofSeconds(30));
    AtomicInteger polls = new AtomicInteger();

    new StartupWait(clock, Duration.ofMinutes(2))
        .until("kube-apiserver", () -> true, () -> polls.incrementAndGet() >= 5);

    assertThat(polls).hasValue(5);
    assertThat(clock.instant()).isAfter(BEFORE_MIDNIGHT.plusSeconds(90));
  }

  @Test
  void waitEndsWithAClearErrorOnceItsTimeoutHasPassed() {
    Clock clock = new SteppingClock(BEFORE_MIDNIGHT, Duration.ofSeconds(50));
    AtomicInteger polls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                new StartupWait(clock, Duration.ofMinutes(2))
                    .until("etcd", () -> true, () -> polls.incrementAndGet() < 0))
        .hasMessage("etcd not ready within PT2M");
    // Checked at 50 s and 100 s, within the two minutes; at 150 s the wait gives up.
    assertThat(polls).hasValue(3);
  }

  @Test
  void waitEndsAtOnceWhenTheProcessExits() {
    Clock clock = new SteppingClock(BEFORE_MIDNIGHT, Duration.ofSeconds(1));

    assertThatThrownBy(
            () ->
                new StartupWait(clock, Duration.ofMinutes(2))
                    .until("etcd", () -> false, () -> false))
        .hasMessage("etcd exited during start-up");
  }
}
