package dev.keyward.status;

import dev.keyward.api.Condition;
import dev.keyward.api.CredentialSpec;
import dev.keyward.api.CredentialStatus;
import dev.keyward.api.KeywardStatus;
import dev.keyward.lifecycle.ExpiryWarning;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code ExpiringSoon} condition: present and True while an Active, non-rolling key or app
 * secret is within a warning lead time of its expiry, absent otherwise. Its message names the
 * expiry and the lead time reached, so it changes (and a new warning is raised) only when the next
 * lead time is crossed.
 */
public final class ExpiringSoonCondition {

  public static final String TYPE = ConditionType.ExpiringSoon.name();

  private final ExpiryWarning warning;

  public ExpiringSoonCondition(ExpiryWarning warning) {
    this.warning = warning;
  }

  /** The condition while a lead time is reached; {@code what} names the credential. */
  public Optional<DesiredCondition> desired(
      CredentialSpec spec, CredentialStatus status, Phase phase, String what, Instant now) {
    Optional<Instant> expiry =
        phase == Phase.Active ? ExpiryWarning.warnedExpiry(spec, status) : Optional.empty();
    Optional<Duration> lead = expiry.flatMap(at -> warning.reached(at, now));
    return lead.map(
        reached ->
            DesiredCondition.holds(
                ConditionType.ExpiringSoon,
                ConditionReason.ExpiringSoon,
                what
                    + " expires at "
                    + expiry.get()
                    + ", within "
                    + ExpiryWarning.describe(reached)
                    + "; it is not renewed automatically"));
  }

  /**
   * The warning's message when {@code desired} newly raises one (a first lead time, or a shorter
   * one, reached) compared with the status {@code before} this pass.
   */
  public static Optional<String> newWarning(
      KeywardStatus before, Optional<DesiredCondition> desired) {
    Optional<Condition> was = ConditionSet.find(before, ConditionType.ExpiringSoon);
    return desired
        .filter(
            d ->
                was.isEmpty()
                    || !d.status().equals(was.get().getStatus())
                    || !d.message().equals(was.get().getMessage()))
        .map(DesiredCondition::message);
  }

  /** When the next warning is due, so that the reconciler is rescheduled for that instant. */
  public Optional<Instant> nextWarning(CredentialSpec spec, CredentialStatus status, Instant now) {
    return ExpiryWarning.warnedExpiry(spec, status).flatMap(at -> warning.next(at, now));
  }
}
