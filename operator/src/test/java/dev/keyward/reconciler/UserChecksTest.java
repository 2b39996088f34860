package dev.keyward.reconciler;

import static dev.keyward.reconciler.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserStatus;
import dev.keyward.event.Reason;
import dev.keyward.lifecycle.PasswordKeeper;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every phase and reason of an ApiUser's decision, on hand-built resources. */
class UserChecksTest {

  private static final PasswordKeeper.Result ISSUED =
      new PasswordKeeper.Result(true, "PasswordIssued", "generated a password into Secret a");
  private static final PasswordKeeper.Result UNUSABLE =
      new PasswordKeeper.Result(false, "PasswordSecretUnusable", "Secret s has no key password");

  private static ObservedUser observed(
      ApiUser user, Optional<ApiUser> holder, Optional<PasswordKeeper.Result> password) {
    ApiUserStatus status = new ApiUserStatus();
    status.setTokenCount(2);
    return new ObservedUser(user, status, holder, password);
  }

  private static Verdict verdict(ObservedUser o) {
    return UserChecks.verdict(o, UserChecks.CHAIN.decide(o));
  }

  @Test
  void aUsernameHeldByAnotherUserIsUsernameTakenAndItsPasswordIsStillReported() {
    ApiUser other = user("other-uid");
    other.getMetadata().setName("bob");
    ObservedUser o = observed(user("user-uid"), Optional.of(other), Optional.of(ISSUED));
    DecisionChain.Decision decision = UserChecks.CHAIN.decide(o);
    Verdict verdict = UserChecks.verdict(o, decision);

    assertThat(verdict.phase()).isEqualTo(Phase.Invalid);
    assertThat(verdict.reason()).isEqualTo(ConditionReason.UsernameTaken);
    assertThat(verdict.message()).contains("held by ApiUser bob");
    assertThat(UserChecks.conditions(o, decision, verdict))
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::reason)
        .containsExactly(
            tuple(ConditionType.PasswordReady, "True", ConditionReason.PasswordIssued),
            tuple(ConditionType.UsernameHeld, "False", ConditionReason.UsernameTaken),
            tuple(ConditionType.Ready, "False", ConditionReason.UsernameTaken));
    assertThat(EventTable.forUserReady(verdict).orElseThrow().reason())
        .isEqualTo(Reason.UsernameTaken);
    assertThat(UserChecks.issuedPassword(o)).contains(ISSUED.message());
  }

  @Test
  void aPasswordThatCannotBeKeptMakesTheUserInvalidWithItsReason() {
    ApiUser self = user("user-uid");
    Verdict unusable = verdict(observed(self, Optional.of(self), Optional.of(UNUSABLE)));
    Verdict conflict =
        verdict(
            observed(
                self,
                Optional.of(self),
                Optional.of(new PasswordKeeper.Result(false, "SecretConflict", "foreign"))));

    assertThat(unusable.phase()).isEqualTo(Phase.Invalid);
    assertThat(unusable.reason()).isEqualTo(ConditionReason.PasswordSecretUnusable);
    assertThat(conflict.reason()).isEqualTo(ConditionReason.SecretConflict);
    assertThat(EventTable.forUserReady(conflict).orElseThrow().reason())
        .isEqualTo(Reason.PasswordInvalid);
  }

  @Test
  void aDisabledUserIsDisabledAndAnEnabledOneActiveWithoutAPasswordCondition() {
    ApiUser disabled = user("user-uid");
    disabled.getSpec().setEnabled(false);
    ObservedUser active = observed(user("user-uid"), Optional.empty(), Optional.empty());
    DecisionChain.Decision decision = UserChecks.CHAIN.decide(active);
    Verdict verdict = UserChecks.verdict(active, decision);

    assertThat(verdict(observed(disabled, Optional.empty(), Optional.empty())).reason())
        .isEqualTo(ConditionReason.Disabled);
    assertThat(verdict)
        .isEqualTo(
            new Verdict(Phase.Active, ConditionReason.Active, "user is active with 2 token(s)"));
    assertThat(UserChecks.conditions(active, decision, verdict))
        .extracting(DesiredCondition::type)
        .containsExactly(ConditionType.UsernameHeld, ConditionType.Ready);
    assertThat(EventTable.forUserReady(verdict).orElseThrow())
        .isEqualTo(new EventTable.Event(Reason.Activated, "user is active with 2 token(s)"));
  }
}
