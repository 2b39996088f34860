package dev.keyward.reconciler;

import static dev.keyward.reconciler.Check.Result.pass;
import static dev.keyward.reconciler.Check.Result.stop;
import static dev.keyward.status.ConditionType.RolesBound;
import static dev.keyward.status.ConditionType.RolesKnown;
import static dev.keyward.status.ConditionType.SecretReady;

import dev.keyward.api.ApplicationStatus;
import dev.keyward.lifecycle.GoDuration;
import dev.keyward.lifecycle.KeyIssuer;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.lifecycle.KeySchedule;
import dev.keyward.lifecycle.SpecCheck;
import dev.keyward.rbac.ApplicationRbac;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.List;
import java.util.Optional;

/**
 * The decision chain of an Application, in order: spec, roles known to the role map, enabled,
 * expiry, deprecation. When all pass, the reconciler keeps the app secret in the Secret ({@code
 * SecretReady}) and binds the roles ({@code RolesBound}); the Application is Active.
 */
final class ApplicationChecks {

  static final String ENABLED = "enabled";

  static final DecisionChain<ObservedApplication> CHAIN =
      DecisionChain.of(
              Check.gate("spec", ApplicationChecks::spec),
              Check.stating(RolesKnown, ApplicationChecks::roles),
              Check.gate(ENABLED, ApplicationChecks::enabled),
              Check.gate("expiry", ApplicationChecks::expiry),
              Check.gate("deprecation", ApplicationChecks::deprecation))
          .thenActs(SecretReady);

  private ApplicationChecks() {}

  static Check.Result spec(ObservedApplication o) {
    String lifetime = o.spec().getTokenLifetime();
    return SpecCheck.problem(o.spec())
        .or(
            () ->
                lifetime != null && !isDuration(lifetime)
                    ? Optional.of("tokenLifetime is not a duration")
                    : Optional.empty())
        .map(problem -> stop(new Verdict(Phase.Invalid, ConditionReason.InvalidSpec, problem)))
        .orElseGet(Check.Result::pass);
  }

  static Check.Result roles(ObservedApplication o) {
    List<String> unknown = o.roleMap().unknownRoles(o.roles());
    if (unknown.isEmpty()) {
      return pass(RolesKnown, ConditionReason.RolesKnown, "every role is in the role map");
    }
    String message = "roles not in the role map: " + String.join(", ", unknown);
    return stop(
        new Verdict(Phase.Invalid, ConditionReason.UnknownRoles, message),
        RolesKnown,
        ConditionReason.UnknownRoles,
        message);
  }

  static Check.Result enabled(ObservedApplication o) {
    return CredentialChecks.enabled(o.spec(), "the secret is kept and cannot be exchanged");
  }

  static Check.Result expiry(ObservedApplication o) {
    return CredentialChecks.expiry(o.spec(), o.hasKey(), o.now(), "secret");
  }

  static Check.Result deprecation(ObservedApplication o) {
    return CredentialChecks.deprecation(o.app(), o.status(), "the app secret");
  }

  /**
   * Writes into the status what the decision found: the expiry, once the Application is enabled.
   */
  static void recordFindings(ObservedApplication o, DecisionChain.Decision decision) {
    ApplicationStatus status = o.status();
    if (decision.passed(ENABLED)) {
      KeyIssuer.refreshExpiry(o.spec(), status);
      if (decision.stoppedWith(ConditionReason.ExpiryInPast)) {
        status.setExpiresAt(KeySchedule.expiryOf(o.spec(), o.now()).orElseThrow().toString());
      }
    }
  }

  private static boolean isDuration(String text) {
    try {
      GoDuration.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The verdict once the app secret was kept: Invalid when the Secret belongs to someone else. */
  static Acted afterSecret(DecisionChain.Decision decision, Outcome outcome, String secretName) {
    if (outcome == Outcome.CONFLICT) {
      return new Acted(
          new Verdict(
              Phase.Invalid,
              ConditionReason.SecretConflict,
              "Secret " + secretName + " belongs to someone else; choose another spec.secret.name"),
          Acted.plus(
              decision.conditions(),
              DesiredCondition.fails(
                  SecretReady,
                  ConditionReason.SecretConflict,
                  "Secret " + secretName + " exists and is not managed by this application")),
          outcome,
          false);
    }
    return new Acted(
        new Verdict(Phase.Active, ConditionReason.Active, "the app secret can be exchanged"),
        Acted.plus(
            decision.conditions(),
            DesiredCondition.holds(
                SecretReady,
                ConditionReason.SecretReady,
                "appId and appSecret are in Secret " + secretName)),
        outcome,
        false);
  }

  /** Active, with {@code RolesBound} as the binding found it. */
  static Acted afterBinding(Acted kept, ApplicationRbac.Outcome bound) {
    return new Acted(
        kept.verdict(),
        Acted.plus(
            kept.conditions(),
            DesiredCondition.of(
                RolesBound,
                bound.bound(),
                ConditionReason.valueOf(bound.reason()),
                bound.message())),
        kept.keyOutcome(),
        bound.retryLater());
  }

  /** {@code RolesBound} False: nothing is bound while the Application is not Active. */
  static Acted notBound(Acted acted) {
    return new Acted(
        acted.verdict(),
        Acted.plus(
            acted.conditions(),
            DesiredCondition.fails(
                RolesBound,
                ConditionReason.NotActive,
                "no RoleBindings while the application is " + acted.phase())),
        acted.keyOutcome(),
        acted.retryLater());
  }
}
