package dev.keyward.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Coalesces uses in memory: one pending entry per credential however many requests arrive, handed
 * out for writing only when the recorded last use is older than the interval.
 */
public final class LastUseRecorder {

  private final Map<String, LastUse> pending = new ConcurrentHashMap<>();
  private final Duration interval;

  public LastUseRecorder(Duration interval) {
    this.interval = interval;
  }

  public Duration interval() {
    return interval;
  }

  /**
   * False when a use at {@code at} would not be written anyway: the credential's recorded last use
   * ({@code recorded}, null if none) is younger than the interval. Callers skip {@link #record}
   * then, so a request for a credential whose last use is fresh costs no map update.
   */
  public boolean wants(Instant recorded, Instant at) {
    return recorded == null || !at.isBefore(recorded.plus(interval));
  }

  /** Called for an accepted request: no I/O, one map update. */
  public void record(LastUse use) {
    pending.merge(use.key(), use, LastUse::laterOf);
  }

  /**
   * The pending uses worth writing now, removed from the pending set: those whose credential has no
   * recorded last use, or one at least an interval older than the new use. The others are dropped:
   * the recorded value is recent enough.
   */
  public List<LastUse> takeDue(Function<LastUse, Optional<Instant>> recorded) {
    List<LastUse> due = new ArrayList<>();
    for (LastUse use : List.copyOf(pending.values())) {
      if (!pending.remove(use.key(), use)) {
        continue; // a newer use arrived meanwhile: the next round sees it
      }
      Optional<Instant> stored = recorded.apply(use);
      if (stored.isEmpty() || !use.at().isBefore(stored.get().plus(interval))) {
        due.add(use);
      }
    }
    return due;
  }

  /** Puts a use back after a failed or refused write, unless a newer one is pending. */
  public void retry(LastUse use) {
    record(use);
  }
}
