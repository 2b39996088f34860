package dev.keyward.reconciler;

import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import java.util.Optional;
import java.util.function.Function;

/**
 * One link of a {@link DecisionChain}: a pure rule on the observed state that either passes or
 * stops the chain with a {@link Verdict}. A check may state a condition of its own ({@code
 * OwnerFound}, {@code ScopesAllowed}, …); one without only feeds {@code Ready}.
 *
 * @param name for messages and tests
 * @param condition the condition this check states, if any
 * @param rule the check itself: no API calls, no side effects
 */
record Check<O>(String name, Optional<ConditionType> condition, Function<O, Result> rule) {

  /** A check that states {@code condition}. */
  static <O> Check<O> stating(ConditionType condition, Function<O, Result> rule) {
    return new Check<>(condition.name(), Optional.of(condition), rule);
  }

  /** A check that states no condition of its own. */
  static <O> Check<O> gate(String name, Function<O, Result> rule) {
    return new Check<>(name, Optional.empty(), rule);
  }

  /** What a check found. */
  record Result(Optional<Verdict> stop, Optional<DesiredCondition> condition) {

    /** Passes; a gate states nothing. */
    static Result pass() {
      return new Result(Optional.empty(), Optional.empty());
    }

    /** Passes, stating its condition True. */
    static Result pass(ConditionType type, ConditionReason reason, String message) {
      return new Result(
          Optional.empty(), Optional.of(DesiredCondition.holds(type, reason, message)));
    }

    /** Stops the chain; a gate states nothing beside Ready. */
    static Result stop(Verdict verdict) {
      return new Result(Optional.of(verdict), Optional.empty());
    }

    /** Stops the chain, stating its condition False. */
    static Result stop(
        Verdict verdict, ConditionType type, ConditionReason reason, String message) {
      return new Result(
          Optional.of(verdict), Optional.of(DesiredCondition.fails(type, reason, message)));
    }

    boolean passed() {
      return stop.isEmpty();
    }
  }
}
