package dev.keyward.reconciler;

import static dev.keyward.reconciler.Check.Result.pass;
import static dev.keyward.reconciler.Check.Result.stop;
import static dev.keyward.status.ConditionType.OwnerFound;
import static dev.keyward.status.ConditionType.ScopesAllowed;
import static dev.keyward.status.ConditionType.SecretReady;

import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeywardNames;
import dev.keyward.lifecycle.KeyIssuer;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.lifecycle.KeySchedule;
import dev.keyward.lifecycle.OwnerBinding;
import dev.keyward.lifecycle.SpecCheck;
import dev.keyward.lifecycle.UsernameClaim;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.Phase;
import java.util.List;
import java.util.Optional;

/**
 * The decision chain of an ApiToken, in order: spec, owner, owner binding, scope ceiling, owner
 * enabled, owner's username, token enabled, expiry, deprecation. When all pass, the reconciler
 * keeps the key in the Secret ({@code SecretReady}) and the token is Active.
 */
final class TokenChecks {

  static final String ENABLED = "enabled";

  static final DecisionChain<ObservedToken> CHAIN =
      DecisionChain.of(
              Check.gate("spec", TokenChecks::spec),
              Check.stating(OwnerFound, TokenChecks::owner),
              Check.gate("ownerBinding", TokenChecks::ownerBinding),
              Check.stating(ScopesAllowed, TokenChecks::scopes),
              Check.gate("ownerEnabled", TokenChecks::ownerEnabled),
              Check.gate("ownerUsername", TokenChecks::ownerUsername),
              Check.gate(ENABLED, TokenChecks::enabled),
              Check.gate("expiry", TokenChecks::expiry),
              Check.gate("deprecation", TokenChecks::deprecation))
          .thenActs(SecretReady);

  private TokenChecks() {}

  static Check.Result spec(ObservedToken o) {
    return SpecCheck.problem(o.spec())
        .map(problem -> stop(new Verdict(Phase.Invalid, ConditionReason.InvalidSpec, problem)))
        .orElseGet(Check.Result::pass);
  }

  static Check.Result owner(ObservedToken o) {
    String user = o.spec().getUser();
    if (o.liveOwner().isPresent()) {
      return pass(OwnerFound, ConditionReason.OwnerFound, "owned by ApiUser " + user);
    }
    Verdict verdict =
        o.hasKey()
            ? new Verdict(
                Phase.Disabled,
                ConditionReason.OwnerNotFound,
                "the owner ApiUser " + user + " is gone; the key does not verify")
            : new Verdict(
                Phase.Pending,
                ConditionReason.OwnerNotFound,
                "waiting for ApiUser " + user + " in this namespace");
    return stop(
        verdict,
        OwnerFound,
        ConditionReason.OwnerNotFound,
        "ApiUser " + user + " does not exist in this namespace");
  }

  static Check.Result ownerBinding(ObservedToken o) {
    if (o.binding() != OwnerBinding.REPLACED) {
      return pass();
    }
    return stop(
        new Verdict(
            Phase.Invalid,
            ConditionReason.OwnerReplaced,
            "ApiUser "
                + o.spec().getUser()
                + " was deleted and re-created (another uid); the key does not verify for the new"
                + " user. Set a new value of the "
                + KeywardNames.ROTATE_ANNOTATION
                + " annotation to bind the token to it with a new key"));
  }

  static Check.Result scopes(ObservedToken o) {
    List<String> refused = o.refusedScopes();
    if (refused.isEmpty()) {
      return pass(
          ScopesAllowed,
          ConditionReason.ScopesAllowed,
          "all scopes lie within the owner's roles and groups");
    }
    String names = String.join(", ", refused);
    return stop(
        new Verdict(
            Phase.Invalid,
            ConditionReason.ScopesNotAllowed,
            "scopes not allowed for the owner's roles and groups: " + names),
        ScopesAllowed,
        ConditionReason.ScopesNotAllowed,
        "scopes not allowed for ApiUser " + o.spec().getUser() + ": " + names);
  }

  static Check.Result ownerEnabled(ObservedToken o) {
    return o.liveOwner().orElseThrow().getSpec().enabledOrDefault()
        ? pass()
        : stop(
            new Verdict(
                Phase.Disabled,
                ConditionReason.OwnerDisabled,
                "the owner ApiUser " + o.spec().getUser() + " is disabled"));
  }

  static Check.Result ownerUsername(ObservedToken o) {
    return !UsernameClaim.refused(o.liveOwner().orElseThrow())
        ? pass()
        : stop(
            new Verdict(
                Phase.Disabled,
                ConditionReason.OwnerUsernameTaken,
                "the owner ApiUser "
                    + o.spec().getUser()
                    + " claims a username another ApiUser holds; the token does not verify"));
  }

  static Check.Result enabled(ObservedToken o) {
    return CredentialChecks.enabled(o.spec(), "the key is kept and does not verify");
  }

  static Check.Result expiry(ObservedToken o) {
    return CredentialChecks.expiry(o.spec(), o.hasKey(), o.now(), "key");
  }

  static Check.Result deprecation(ObservedToken o) {
    return CredentialChecks.deprecation(o.token(), o.status(), "the key");
  }

  /**
   * Writes into the status what the decision found, before anything is acted on: the owner's uid
   * for a token bound to it, the approved scopes (none once the owner or the scopes are refused),
   * and the expiry of the key once the token is enabled.
   */
  static void recordFindings(
      ObservedToken o, DecisionChain.Decision decision, Optional<OwnerBinding> binding) {
    ApiTokenStatus status = o.status();
    if (binding.equals(Optional.of(OwnerBinding.BOUND))) {
      status.setOwner(o.liveOwner().orElseThrow().getMetadata().getUid());
    }
    if (decision.stoppedWith(ConditionReason.OwnerReplaced)
        || decision.stoppedWith(ConditionReason.ScopesNotAllowed)) {
      status.setApprovedScopes(null);
    }
    if (decision.passed(ScopesAllowed)) {
      List<String> scopes = o.spec().getScopes();
      status.setApprovedScopes(scopes == null ? List.of() : List.copyOf(scopes));
    }
    if (decision.passed(ENABLED)) {
      KeyIssuer.refreshExpiry(o.spec(), status);
      if (decision.stoppedWith(ConditionReason.ExpiryInPast)) {
        status.setExpiresAt(KeySchedule.expiryOf(o.spec(), o.now()).orElseThrow().toString());
      }
    }
  }

  /**
   * The verdict once the key was kept: Active with {@code SecretReady}, or Invalid when the Secret
   * belongs to someone else. A token rebound to a re-created owner drops the former owner's keys.
   */
  static Acted afterKey(
      ObservedToken o, DecisionChain.Decision decision, OwnerBinding binding, Outcome outcome) {
    if (outcome == Outcome.CONFLICT) {
      String secret = KeywardNames.secretName(o.token(), o.spec());
      return new Acted(
          new Verdict(
              Phase.Invalid,
              ConditionReason.SecretConflict,
              "Secret " + secret + " belongs to someone else; choose another spec.secret.name"),
          Acted.plus(
              decision.conditions(),
              DesiredCondition.fails(
                  SecretReady,
                  ConditionReason.SecretConflict,
                  "Secret "
                      + secret
                      + " exists and is not managed by this token; it is left untouched")),
          outcome,
          false);
    }
    if (binding == OwnerBinding.REBOUND) {
      // The keys of the former owner never verify for the new one, not even in a grace period.
      o.status().setPreviousKeys(List.of());
      o.status().setOwner(o.liveOwner().orElseThrow().getMetadata().getUid());
    }
    return new Acted(
        new Verdict(Phase.Active, ConditionReason.Active, "the key verifies"),
        Acted.plus(
            decision.conditions(),
            DesiredCondition.holds(
                SecretReady,
                ConditionReason.SecretReady,
                "the key is in Secret " + o.status().getSecretName())),
        outcome,
        false);
  }
}
