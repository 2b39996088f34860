package dev.keyward.reconciler;

import static dev.keyward.reconciler.Check.Result.pass;
import static dev.keyward.reconciler.Check.Result.stop;
import static dev.keyward.status.ConditionType.PasswordReady;
import static dev.keyward.status.ConditionType.UsernameHeld;

import dev.keyward.api.KeywardNames;
import dev.keyward.lifecycle.PasswordKeeper;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The decision chain of an ApiUser, in order: username held, password usable, enabled. When all
 * pass the user is Active.
 */
final class UserChecks {

  static final DecisionChain<ObservedUser> CHAIN =
      DecisionChain.of(
          Check.stating(UsernameHeld, UserChecks::username),
          Check.gate("password", UserChecks::password),
          Check.gate("enabled", UserChecks::enabled));

  private UserChecks() {}

  static Check.Result username(ObservedUser o) {
    if (!o.usernameTaken()) {
      return pass(
          UsernameHeld,
          ConditionReason.UsernameHeld,
          "the username is unique in the namespace and held by this user");
    }
    String message =
        "username "
            + KeywardNames.username(o.user())
            + " is already held by ApiUser "
            + o.usernameHolder().orElseThrow().getMetadata().getName()
            + " in this namespace; this user's credentials and password do not verify";
    return stop(
        new Verdict(Phase.Invalid, ConditionReason.UsernameTaken, message),
        UsernameHeld,
        ConditionReason.UsernameTaken,
        message);
  }

  static Check.Result password(ObservedUser o) {
    return o.password()
        .filter(result -> !result.ok())
        .map(
            result ->
                stop(
                    new Verdict(
                        Phase.Invalid, ConditionReason.valueOf(result.reason()), result.message())))
        .orElseGet(Check.Result::pass);
  }

  static Check.Result enabled(ObservedUser o) {
    return o.user().getSpec().enabledOrDefault()
        ? pass()
        : stop(
            new Verdict(
                Phase.Disabled,
                ConditionReason.Disabled,
                "spec.enabled is false: the user's credentials do not verify"));
  }

  /** The verdict: where the chain stopped, or Active. */
  static Verdict verdict(ObservedUser o, DecisionChain.Decision decision) {
    return decision
        .stop()
        .orElseGet(
            () ->
                new Verdict(
                    Phase.Active,
                    ConditionReason.Active,
                    "user is active with " + o.status().getTokenCount() + " token(s)"));
  }

  /** Every condition: PasswordReady as keeping the password found it, the chain's, then Ready. */
  static List<DesiredCondition> conditions(
      ObservedUser o, DecisionChain.Decision decision, Verdict verdict) {
    List<DesiredCondition> all = new ArrayList<>();
    o.password().map(UserChecks::passwordReady).ifPresent(all::add);
    all.addAll(decision.conditions());
    all.add(
        DesiredCondition.of(
            ConditionType.Ready,
            verdict.phase() == Phase.Active,
            verdict.reason(),
            verdict.message()));
    return all;
  }

  private static DesiredCondition passwordReady(PasswordKeeper.Result result) {
    return DesiredCondition.of(
        PasswordReady, result.ok(), ConditionReason.valueOf(result.reason()), result.message());
  }

  static Optional<String> issuedPassword(ObservedUser o) {
    return o.password()
        .filter(result -> "PasswordIssued".equals(result.reason()))
        .map(PasswordKeeper.Result::message);
  }
}
