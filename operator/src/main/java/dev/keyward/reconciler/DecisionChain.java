package dev.keyward.reconciler;

import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered chain of pure checks, after cert-manager's policy chains: the first check that stops
 * gives the verdict, and the checks after it are not made. Every condition a check or the acting
 * after it ({@code acts}) would state appears in the decision: as found, or {@code Unknown} when
 * the chain stopped before it. A new check is one more entry in the list.
 */
final class DecisionChain<O> {

  private final List<Check<O>> checks;
  private final List<ConditionType> acts;

  private DecisionChain(List<Check<O>> checks, List<ConditionType> acts) {
    this.checks = List.copyOf(checks);
    this.acts = List.copyOf(acts);
  }

  @SafeVarargs
  static <O> DecisionChain<O> of(Check<O>... checks) {
    return new DecisionChain<>(List.of(checks), List.of());
  }

  /** The conditions that acting on a passed chain states (Unknown when the chain stops). */
  DecisionChain<O> thenActs(ConditionType... conditions) {
    return new DecisionChain<>(checks, List.of(conditions));
  }

  List<Check<O>> checks() {
    return checks;
  }

  Decision decide(O observed) {
    List<DesiredCondition> conditions = new ArrayList<>();
    Set<String> passed = new LinkedHashSet<>();
    Optional<Verdict> stop = Optional.empty();
    for (Check<O> check : checks) {
      if (stop.isPresent()) {
        Verdict verdict = stop.get();
        check.condition().ifPresent(t -> conditions.add(notChecked(t, verdict)));
        continue;
      }
      Check.Result result = check.rule().apply(observed);
      result.condition().ifPresent(conditions::add);
      if (result.passed()) {
        passed.add(check.name());
      }
      stop = result.stop();
    }
    Optional<Verdict> verdict = stop;
    verdict.ifPresent(v -> acts.forEach(t -> conditions.add(notChecked(t, v))));
    return new Decision(verdict, conditions, passed);
  }

  private static DesiredCondition notChecked(ConditionType type, Verdict verdict) {
    return DesiredCondition.notChecked(type, verdict.reason());
  }

  /**
   * What the chain decided: a verdict when a check stopped it (act on nothing), none when every
   * check passed (act, then judge the outcome); the conditions stated so far, in chain order.
   */
  record Decision(Optional<Verdict> stop, List<DesiredCondition> conditions, Set<String> passed) {

    boolean proceeds() {
      return stop.isEmpty();
    }

    /** True when the check of this name was reached and passed. */
    boolean passed(String check) {
      return passed.contains(check);
    }

    /** True when the check stating this condition was reached and passed. */
    boolean passed(ConditionType check) {
      return passed(check.name());
    }

    /** True when a check stopped the chain with this reason. */
    boolean stoppedWith(ConditionReason reason) {
      return stop.map(v -> v.reason() == reason).orElse(false);
    }
  }
}
