package dev.keyward.status;

import dev.keyward.api.Condition;
import dev.keyward.api.KeywardStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The only way Keyward sets conditions: keeps {@code lastTransitionTime} when a condition's status
 * did not change, stamps {@code observedGeneration}, and keeps a stable order. Every reconcile
 * {@link #rebuild}s the whole set, so no condition outlives the check that stated it; only a failed
 * reconcile {@link #set}s one condition (Ready) on the status it last wrote.
 */
public final class ConditionSet {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  private final Clock clock;

  public ConditionSet(Clock clock) {
    this.clock = clock;
  }

  /**
   * Sets a condition on the status; returns true when its type, status, reason or message changed.
   */
  public boolean set(
      KeywardStatus status,
      long generation,
      String type,
      boolean value,
      String reason,
      String message) {
    Condition wanted = new Condition(type, value ? TRUE : FALSE, reason, message);
    wanted.setObservedGeneration(generation);
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    Optional<Condition> existing = find(status, type);
    boolean changed = existing.map(c -> !c.sameStateAs(wanted)).orElse(true);
    boolean statusFlipped =
        existing.map(c -> !c.getStatus().equals(wanted.getStatus())).orElse(true);
    wanted.setLastTransitionTime(
        statusFlipped || existing.get().getLastTransitionTime() == null
            ? now()
            : existing.get().getLastTransitionTime());
    conditions.removeIf(c -> type.equals(c.getType()));
    int position = existing.map(c -> status.getConditions().indexOf(c)).orElse(conditions.size());
    conditions.add(Math.min(position, conditions.size()), wanted);
    status.setConditions(conditions);
    return changed;
  }

  /**
   * Replaces the phase and every condition with {@code wanted} (in that order), Ready included; a
   * condition whose status is unchanged keeps its {@code lastTransitionTime}.
   */
  public void rebuild(
      KeywardStatus status, long generation, Phase phase, List<DesiredCondition> wanted) {
    List<Condition> next = new ArrayList<>();
    for (DesiredCondition desired : wanted) {
      Condition condition =
          new Condition(
              desired.type().name(), desired.status(), desired.reason().name(), desired.message());
      condition.setObservedGeneration(generation);
      condition.setLastTransitionTime(
          find(status, desired.type().name())
              .filter(old -> desired.status().equals(old.getStatus()))
              .map(Condition::getLastTransitionTime)
              .orElseGet(this::now));
      next.add(condition);
    }
    status.setPhase(phase.name());
    status.setConditions(next);
    status.setObservedGeneration(generation);
  }

  public static Optional<Condition> find(KeywardStatus status, ConditionType type) {
    return find(status, type.name());
  }

  public static Optional<Condition> find(KeywardStatus status, String type) {
    return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(KeywardStatus status, String type) {
    return find(status, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
