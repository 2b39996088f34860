package dev.keyward.reconciler;

import static dev.keyward.reconciler.Fixtures.NOW;
import static dev.keyward.reconciler.Fixtures.keyed;
import static dev.keyward.reconciler.Fixtures.observed;
import static dev.keyward.reconciler.Fixtures.token;
import static dev.keyward.reconciler.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.Condition;
import dev.keyward.api.KeyHash;
import dev.keyward.api.KeywardNames;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.lifecycle.OwnerBinding;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every phase and reason of an ApiToken's decision, on hand-built resources at a fixed instant. */
class TokenChecksTest {

  private static DecisionChain.Decision decide(ObservedToken observed) {
    return TokenChecks.CHAIN.decide(observed);
  }

  private static Verdict stop(ObservedToken observed) {
    return decide(observed).stop().orElseThrow();
  }

  private static String status(DecisionChain.Decision decision, ConditionType type) {
    return decision.conditions().stream()
        .filter(c -> c.type() == type)
        .findFirst()
        .map(DesiredCondition::status)
        .orElse("absent");
  }

  @Test
  void aSpecTheSchemaWouldRefuseIsInvalidSpecAndNothingElseIsChecked() {
    ApiToken token = token("runners.read");
    token.getSpec().setExpires("2027-01-01T00:00:00Z");
    token.getSpec().setLifetime("720h");

    DecisionChain.Decision decision =
        decide(observed(token, new ApiTokenStatus(), Optional.of(user("user-uid"))));

    assertThat(decision.stop())
        .contains(
            new Verdict(
                Phase.Invalid,
                ConditionReason.InvalidSpec,
                "expires and lifetime are mutually exclusive"));
    assertThat(decision.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ConditionType.OwnerFound, "Unknown", ConditionReason.NotChecked),
            org.assertj.core.groups.Tuple.tuple(
                ConditionType.ScopesAllowed, "Unknown", ConditionReason.NotChecked),
            org.assertj.core.groups.Tuple.tuple(
                ConditionType.SecretReady, "Unknown", ConditionReason.NotChecked));
  }

  @Test
  void aMissingOwnerKeepsANewTokenPendingAndDisablesAKeyedOne() {
    ApiToken token = token("runners.read");

    DecisionChain.Decision fresh = decide(observed(token, new ApiTokenStatus(), Optional.empty()));
    Verdict keyed = stop(observed(token, keyed("user-uid"), Optional.empty()));

    assertThat(fresh.stop().orElseThrow().phase()).isEqualTo(Phase.Pending);
    assertThat(fresh.stop().orElseThrow().reason()).isEqualTo(ConditionReason.OwnerNotFound);
    assertThat(status(fresh, ConditionType.OwnerFound)).isEqualTo("False");
    assertThat(status(fresh, ConditionType.ScopesAllowed)).isEqualTo("Unknown");
    assertThat(keyed.phase()).isEqualTo(Phase.Disabled);
    assertThat(keyed.reason()).isEqualTo(ConditionReason.OwnerNotFound);
  }

  @Test
  void anOwnerBeingDeletedCountsAsMissing() {
    ApiUser leaving = user("user-uid");
    leaving.getMetadata().setDeletionTimestamp(NOW.toString());

    Verdict verdict =
        stop(observed(token("runners.read"), keyed("user-uid"), Optional.of(leaving)));

    assertThat(verdict.reason()).isEqualTo(ConditionReason.OwnerNotFound);
  }

  @Test
  void anOwnerRecreatedUnderTheSameNameIsOwnerReplacedUntilARotationRebindsIt() {
    ApiToken token = token("runners.read");
    ObservedToken replaced = observed(token, keyed("old-uid"), Optional.of(user("new-uid")));

    DecisionChain.Decision decision = decide(replaced);
    TokenChecks.recordFindings(replaced, decision, Optional.of(OwnerBinding.REPLACED));

    assertThat(decision.stop().orElseThrow().phase()).isEqualTo(Phase.Invalid);
    assertThat(decision.stop().orElseThrow().reason()).isEqualTo(ConditionReason.OwnerReplaced);
    assertThat(status(decision, ConditionType.OwnerFound)).isEqualTo("True");
    assertThat(status(decision, ConditionType.ScopesAllowed)).isEqualTo("Unknown");
    assertThat(replaced.status().getApprovedScopes()).isNull();
    assertThat(replaced.status().getOwner()).isEqualTo("old-uid");

    token.getMetadata().setAnnotations(Map.of(KeywardNames.ROTATE_ANNOTATION, "rebind"));
    ObservedToken rebound = observed(token, keyed("old-uid"), Optional.of(user("new-uid")));
    assertThat(rebound.binding()).isEqualTo(OwnerBinding.REBOUND);
    assertThat(decide(rebound).proceeds()).isTrue();
  }

  @Test
  void scopesBeyondTheOwnersCeilingAreScopesNotAllowedAndApproveNothing() {
    ApiTokenStatus status = keyed("user-uid");
    status.setApprovedScopes(List.of("runners.read"));
    ObservedToken observed =
        observed(token("runners.read", "admin"), status, Optional.of(user("user-uid")));

    DecisionChain.Decision decision = decide(observed);
    TokenChecks.recordFindings(observed, decision, Optional.of(OwnerBinding.BOUND));

    assertThat(decision.stop().orElseThrow())
        .isEqualTo(
            new Verdict(
                Phase.Invalid,
                ConditionReason.ScopesNotAllowed,
                "scopes not allowed for the owner's roles and groups: admin"));
    assertThat(status(decision, ConditionType.ScopesAllowed)).isEqualTo("False");
    assertThat(status(decision, ConditionType.SecretReady)).isEqualTo("Unknown");
    assertThat(status.getApprovedScopes()).isNull();
  }

  @Test
  void aDisabledOwnerDisablesTheToken() {
    ApiUser owner = user("user-uid");
    owner.getSpec().setEnabled(false);

    Verdict verdict = stop(observed(token("runners.read"), keyed("user-uid"), Optional.of(owner)));

    assertThat(verdict.phase()).isEqualTo(Phase.Disabled);
    assertThat(verdict.reason()).isEqualTo(ConditionReason.OwnerDisabled);
  }

  @Test
  void anOwnerRefusedItsUsernameDisablesTheToken() {
    ApiUser owner = user("user-uid");
    owner.setStatus(new dev.keyward.api.ApiUserStatus());
    owner
        .getStatus()
        .setConditions(
            List.of(new Condition("UsernameHeld", "False", "UsernameTaken", "held by bob")));

    Verdict verdict = stop(observed(token("runners.read"), keyed("user-uid"), Optional.of(owner)));

    assertThat(verdict.phase()).isEqualTo(Phase.Disabled);
    assertThat(verdict.reason()).isEqualTo(ConditionReason.OwnerUsernameTaken);
  }

  @Test
  void aDisabledTokenIsDisabledWithItsScopesStillApproved() {
    ApiToken token = token("runners.read");
    token.getSpec().setEnabled(false);
    ObservedToken observed = observed(token, keyed("user-uid"), Optional.of(user("user-uid")));

    DecisionChain.Decision decision = decide(observed);
    TokenChecks.recordFindings(observed, decision, Optional.of(OwnerBinding.BOUND));

    assertThat(decision.stop().orElseThrow().phase()).isEqualTo(Phase.Disabled);
    assertThat(decision.stop().orElseThrow().reason()).isEqualTo(ConditionReason.Disabled);
    assertThat(status(decision, ConditionType.ScopesAllowed)).isEqualTo("True");
    assertThat(observed.status().getApprovedScopes()).containsExactly("runners.read");
  }

  @Test
  void anExpiryInThePastIsExpiryInPastWithoutAKeyAndExpiredWithOne() {
    ApiToken token = token("runners.read");
    token.getSpec().setExpires("2026-05-01T00:00:00Z");
    ObservedToken fresh = observed(token, new ApiTokenStatus(), Optional.of(user("user-uid")));

    DecisionChain.Decision none = decide(fresh);
    TokenChecks.recordFindings(fresh, none, Optional.of(OwnerBinding.BOUND));
    Verdict keyed = stop(observed(token, keyed("user-uid"), Optional.of(user("user-uid"))));

    assertThat(none.stop().orElseThrow().phase()).isEqualTo(Phase.Expired);
    assertThat(none.stop().orElseThrow().reason()).isEqualTo(ConditionReason.ExpiryInPast);
    assertThat(fresh.status().getExpiresAt()).isEqualTo("2026-05-01T00:00:00Z");
    assertThat(keyed)
        .isEqualTo(
            new Verdict(
                Phase.Expired, ConditionReason.Expired, "the key expired at 2026-05-01T00:00:00Z"));
  }

  @Test
  void aTokenThatPassesEveryCheckIsActiveOnceItsKeyIsKept() {
    ObservedToken observed =
        observed(token("runners.read"), new ApiTokenStatus(), Optional.of(user("user-uid")));
    DecisionChain.Decision decision = decide(observed);
    TokenChecks.recordFindings(observed, decision, Optional.of(OwnerBinding.BOUND));
    observed.status().setSecretName("ci");

    Acted acted = TokenChecks.afterKey(observed, decision, OwnerBinding.BOUND, Outcome.ISSUED);

    assertThat(decision.proceeds()).isTrue();
    assertThat(observed.status().getOwner()).isEqualTo("user-uid");
    assertThat(acted.verdict())
        .isEqualTo(new Verdict(Phase.Active, ConditionReason.Active, "the key verifies"));
    assertThat(acted.keyOutcome()).isEqualTo(Outcome.ISSUED);
    assertThat(acted.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ConditionType.OwnerFound, "True"),
            org.assertj.core.groups.Tuple.tuple(ConditionType.ScopesAllowed, "True"),
            org.assertj.core.groups.Tuple.tuple(ConditionType.SecretReady, "True"));
  }

  @Test
  void aSecretThatBelongsToSomeoneElseIsSecretConflict() {
    ObservedToken observed =
        observed(token("runners.read"), new ApiTokenStatus(), Optional.of(user("user-uid")));
    DecisionChain.Decision decision = decide(observed);

    Acted acted = TokenChecks.afterKey(observed, decision, OwnerBinding.BOUND, Outcome.CONFLICT);

    assertThat(acted.phase()).isEqualTo(Phase.Invalid);
    assertThat(acted.verdict().reason()).isEqualTo(ConditionReason.SecretConflict);
    assertThat(acted.conditions().get(2))
        .isEqualTo(
            DesiredCondition.fails(
                ConditionType.SecretReady,
                ConditionReason.SecretConflict,
                "Secret ci exists and is not managed by this token; it is left untouched"));
  }

  @Test
  void aTokenReboundToANewOwnerDropsTheFormerOwnersKeysInGrace() {
    ApiToken token = token("runners.read");
    token.getMetadata().setAnnotations(Map.of(KeywardNames.ROTATE_ANNOTATION, "rebind"));
    ApiTokenStatus status = keyed("old-uid");
    KeyHash previous = new KeyHash();
    previous.setValidUntil(NOW.plusSeconds(600).toString());
    status.setPreviousKeys(List.of(previous));
    ObservedToken observed = observed(token, status, Optional.of(user("new-uid")));

    TokenChecks.afterKey(observed, decide(observed), OwnerBinding.REBOUND, Outcome.ROTATED);

    assertThat(status.getPreviousKeys()).isEmpty();
    assertThat(status.getOwner()).isEqualTo("new-uid");
  }

  @Test
  void aDeprecatedKeyIsDeprecatedUntilARotationIsRequested() {
    ApiToken token = token("runners.read");
    ApiTokenStatus status = keyed("user-uid");
    status.getKey().setDeprecatedAt(NOW.minusSeconds(60).toString());

    Verdict deprecated = stop(observed(token, status, Optional.of(user("user-uid"))));
    token.getMetadata().setAnnotations(Map.of(KeywardNames.ROTATE_ANNOTATION, "r1"));
    DecisionChain.Decision rotating =
        decide(observed(token, status, Optional.of(user("user-uid"))));

    assertThat(deprecated.phase()).isEqualTo(Phase.Deprecated);
    assertThat(deprecated.reason()).isEqualTo(ConditionReason.Deprecated);
    assertThat(deprecated.message()).contains(KeywardNames.ROTATE_ANNOTATION);
    assertThat(rotating.proceeds()).isTrue();
  }
}
