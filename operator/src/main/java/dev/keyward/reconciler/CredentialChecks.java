package dev.keyward.reconciler;

import static dev.keyward.reconciler.Check.Result.pass;
import static dev.keyward.reconciler.Check.Result.stop;

import dev.keyward.api.CredentialSpec;
import dev.keyward.api.CredentialStatus;
import dev.keyward.lifecycle.Deprecation;
import dev.keyward.lifecycle.KeySchedule;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.Phase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;

/** The checks ApiTokens and Applications share; {@code noun} names their key in messages. */
final class CredentialChecks {

  private CredentialChecks() {}

  /** Stops at Disabled while spec.enabled is false; {@code kept} says what happens to the key. */
  static Check.Result enabled(CredentialSpec spec, String kept) {
    return spec.enabledOrDefault()
        ? pass()
        : stop(
            new Verdict(
                Phase.Disabled, ConditionReason.Disabled, "spec.enabled is false; " + kept));
  }

  /**
   * Expired once {@code spec.expires} is past: ExpiryInPast while no key was ever issued. {@code
   * noun} is "key" or "secret".
   */
  static Check.Result expiry(CredentialSpec spec, boolean hasKey, Instant now, String noun) {
    if (spec.getExpires() == null) {
      return pass();
    }
    Instant expiry = KeySchedule.expiryOf(spec, now).orElseThrow();
    if (expiry.isAfter(now)) {
      return pass();
    }
    return stop(
        hasKey
            ? new Verdict(
                Phase.Expired, ConditionReason.Expired, "the " + noun + " expired at " + expiry)
            : new Verdict(
                Phase.Expired,
                ConditionReason.ExpiryInPast,
                "spec.expires is in the past; no " + noun + " was issued"));
  }

  /** Deprecated until a rotation or revocation replaces the key. */
  static Check.Result deprecation(HasMetadata resource, CredentialStatus status, String noun) {
    return Deprecation.holds(resource, status)
        ? stop(
            new Verdict(
                Phase.Deprecated, ConditionReason.Deprecated, Deprecation.message(noun, status)))
        : pass();
  }
}
