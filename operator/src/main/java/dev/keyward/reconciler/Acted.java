package dev.keyward.reconciler;

import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The result of one pass, after deciding and acting: the verdict, the conditions stated (in order,
 * without Ready), what happened to the key, and whether to look again soon for something that
 * cannot be watched.
 */
record Acted(
    Verdict verdict, List<DesiredCondition> conditions, Outcome keyOutcome, boolean retryLater) {

  /** The chain stopped: nothing was done. */
  static Acted stopped(DecisionChain.Decision decision) {
    return new Acted(
        decision.stop().orElseThrow(), decision.conditions(), Outcome.UNCHANGED, false);
  }

  /** {@code conditions} with {@code added} after them. */
  static List<DesiredCondition> plus(List<DesiredCondition> conditions, DesiredCondition... added) {
    List<DesiredCondition> all = new ArrayList<>(conditions);
    all.addAll(List.of(added));
    return all;
  }

  Phase phase() {
    return verdict.phase();
  }

  /** Every condition of the status: those stated, Ready, then ExpiringSoon when it holds. */
  List<DesiredCondition> withReady(Optional<DesiredCondition> expiringSoon) {
    List<DesiredCondition> all =
        plus(
            conditions,
            DesiredCondition.of(
                ConditionType.Ready,
                verdict.phase() == Phase.Active,
                verdict.reason(),
                verdict.message()));
    expiringSoon.ifPresent(all::add);
    return all;
  }
}
