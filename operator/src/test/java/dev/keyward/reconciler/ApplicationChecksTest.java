package dev.keyward.reconciler;

import static dev.keyward.reconciler.Fixtures.NOW;
import static dev.keyward.reconciler.Fixtures.app;
import static dev.keyward.reconciler.Fixtures.observed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.keyward.api.Application;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.credential.KeyHasher;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.rbac.ApplicationRbac;
import dev.keyward.rbac.Refusal;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every phase and reason of an Application's decision, on hand-built resources at a fixed instant.
 */
class ApplicationChecksTest {

  private static DecisionChain.Decision decide(Application app, ApplicationStatus status) {
    return ApplicationChecks.CHAIN.decide(observed(app, status));
  }

  private static ApplicationStatus keyed() {
    ApplicationStatus status = new ApplicationStatus();
    status.setKey(KeyHasher.record("kwa_issued", NOW.minusSeconds(3600).toString()));
    return status;
  }

  @Test
  void aBadSpecOrTokenLifetimeIsInvalidSpec() {
    Application badLifetime = app("runner");
    badLifetime.getSpec().setTokenLifetime("an hour");
    Application badRenewal = app("runner");
    badRenewal.getSpec().setRenewBefore("1h");

    DecisionChain.Decision decision = decide(badLifetime, new ApplicationStatus());

    assertThat(decision.stop())
        .contains(
            new Verdict(
                Phase.Invalid, ConditionReason.InvalidSpec, "tokenLifetime is not a duration"));
    assertThat(decision.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status)
        .containsExactly(
            tuple(ConditionType.RolesKnown, "Unknown"),
            tuple(ConditionType.SecretReady, "Unknown"));
    assertThat(decide(badRenewal, new ApplicationStatus()).stop().orElseThrow().reason())
        .isEqualTo(ConditionReason.InvalidSpec);
  }

  @Test
  void rolesMissingFromTheRoleMapAreUnknownRoles() {
    DecisionChain.Decision decision = decide(app("runner", "ghost"), new ApplicationStatus());

    assertThat(decision.stop())
        .contains(
            new Verdict(
                Phase.Invalid, ConditionReason.UnknownRoles, "roles not in the role map: ghost"));
    assertThat(decision.conditions().get(0))
        .isEqualTo(
            DesiredCondition.fails(
                ConditionType.RolesKnown,
                ConditionReason.UnknownRoles,
                "roles not in the role map: ghost"));
  }

  @Test
  void aDisabledApplicationIsDisabledAndBindsNothing() {
    Application app = app("runner");
    app.getSpec().setEnabled(false);

    DecisionChain.Decision decision = decide(app, keyed());
    Acted acted = ApplicationChecks.notBound(Acted.stopped(decision));

    assertThat(acted.phase()).isEqualTo(Phase.Disabled);
    assertThat(acted.verdict().reason()).isEqualTo(ConditionReason.Disabled);
    assertThat(acted.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status, DesiredCondition::reason)
        .containsExactly(
            tuple(ConditionType.RolesKnown, "True", ConditionReason.RolesKnown),
            tuple(ConditionType.SecretReady, "Unknown", ConditionReason.NotChecked),
            tuple(ConditionType.RolesBound, "False", ConditionReason.NotActive));
  }

  @Test
  void anExpiryInThePastIsExpiryInPastWithoutASecretAndExpiredWithOne() {
    Application app = app("runner");
    app.getSpec().setExpires("2026-05-01T00:00:00Z");
    ObservedApplication fresh = observed(app, new ApplicationStatus());

    DecisionChain.Decision none = ApplicationChecks.CHAIN.decide(fresh);
    ApplicationChecks.recordFindings(fresh, none);

    assertThat(none.stop().orElseThrow().phase()).isEqualTo(Phase.Expired);
    assertThat(none.stop().orElseThrow().reason()).isEqualTo(ConditionReason.ExpiryInPast);
    assertThat(fresh.status().getExpiresAt()).isEqualTo("2026-05-01T00:00:00Z");
    assertThat(decide(app, keyed()).stop())
        .contains(
            new Verdict(
                Phase.Expired,
                ConditionReason.Expired,
                "the secret expired at 2026-05-01T00:00:00Z"));
  }

  @Test
  void aSecretThatBelongsToSomeoneElseIsSecretConflictAndBindsNothing() {
    DecisionChain.Decision decision = decide(app("runner"), new ApplicationStatus());

    Acted acted =
        ApplicationChecks.notBound(
            ApplicationChecks.afterSecret(decision, Outcome.CONFLICT, "deployer"));

    assertThat(decision.proceeds()).isTrue();
    assertThat(acted.phase()).isEqualTo(Phase.Invalid);
    assertThat(acted.verdict().reason()).isEqualTo(ConditionReason.SecretConflict);
    assertThat(acted.conditions())
        .extracting(DesiredCondition::type, DesiredCondition::reason)
        .containsExactly(
            tuple(ConditionType.RolesKnown, ConditionReason.RolesKnown),
            tuple(ConditionType.SecretReady, ConditionReason.SecretConflict),
            tuple(ConditionType.RolesBound, ConditionReason.NotActive));
  }

  @Test
  void anApplicationThatPassesEveryCheckIsActiveWithRolesBoundAsTheBindingFoundThem() {
    DecisionChain.Decision decision = decide(app("runner"), new ApplicationStatus());
    Acted kept = ApplicationChecks.afterSecret(decision, Outcome.ISSUED, "deployer");

    Acted bound =
        ApplicationChecks.afterBinding(
            kept, new ApplicationRbac.Outcome(List.of("team"), true, "RolesBound", "bound", false));
    Acted waiting =
        ApplicationChecks.afterBinding(
            kept,
            new ApplicationRbac.Outcome(
                List.of(), false, "ClusterRoleMissing", "not bound: edit is missing", true));

    assertThat(bound.verdict())
        .isEqualTo(
            new Verdict(Phase.Active, ConditionReason.Active, "the app secret can be exchanged"));
    assertThat(bound.keyOutcome()).isEqualTo(Outcome.ISSUED);
    assertThat(bound.conditions().get(2))
        .isEqualTo(
            DesiredCondition.holds(ConditionType.RolesBound, ConditionReason.RolesBound, "bound"));
    assertThat(waiting.phase()).isEqualTo(Phase.Active);
    assertThat(waiting.retryLater()).isTrue();
    assertThat(waiting.conditions().get(2).reason()).isEqualTo(ConditionReason.ClusterRoleMissing);
  }

  @Test
  void everyRefusalOfTheBindingsIsAReasonOfRolesBoundWithItsOwnEvent() {
    for (Refusal.Kind kind : Refusal.Kind.values()) {
      ConditionReason reason = ConditionReason.valueOf(kind.name());
      assertThat(EventTable.forRolesBound(reason)).as(kind.name()).isPresent();
    }
    assertThat(EventTable.forRolesBound(ConditionReason.ServiceAccountConflict)).isPresent();
    assertThat(EventTable.forRolesBound(ConditionReason.NotActive)).isEmpty();
  }

  @Test
  void aDeprecatedAppSecretIsDeprecatedAndBindsNothing() {
    ApplicationStatus status = new ApplicationStatus();
    status.setKey(KeyHasher.record("kwa_issued", NOW.minusSeconds(3600).toString()));
    status.getKey().setDeprecatedAt(NOW.minusSeconds(60).toString());

    DecisionChain.Decision decision = decide(app("runner"), status);

    assertThat(decision.stop().orElseThrow().phase()).isEqualTo(Phase.Deprecated);
    assertThat(decision.stop().orElseThrow().reason()).isEqualTo(ConditionReason.Deprecated);
    assertThat(ApplicationChecks.notBound(Acted.stopped(decision)).conditions())
        .extracting(DesiredCondition::type, DesiredCondition::status)
        .contains(tuple(ConditionType.RolesBound, "False"));
  }
}
