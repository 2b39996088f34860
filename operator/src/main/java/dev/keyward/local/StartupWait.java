package dev.keyward.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Waits for a process of the local cluster to become ready. The deadline is an {@link Instant} from
 * the given clock, so a start shortly before midnight is given its full timeout (a time of day
 * would wrap at 00:00 and end the wait at once).
 */
final class StartupWait {

  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private final Clock clock;
  private final Duration timeout;

  StartupWait(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
  }

  /**
   * Returns once {@code ready} answers true; fails when {@code process} exits first or when the
   * timeout passes.
   */
  void until(String what, ChildProcess process, BooleanSupplier ready) {
    until(what, process::isAlive, ready);
  }

  void until(String what, BooleanSupplier alive, BooleanSupplier ready) {
    Instant deadline = clock.instant().plus(timeout);
    while (!ready.getAsBoolean()) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException(what + " exited during start-up");
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException(what + " not ready within " + timeout);
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
