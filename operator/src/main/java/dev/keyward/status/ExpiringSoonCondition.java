package dev.keyward.status;

import dev.keyward.api.CredentialSpec;
import dev.keyward.api.CredentialStatus;
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

  public static final String TYPE = "ExpiringSoon";

  private final ExpiryWarning warning;
  private final ConditionSet conditions;

  public ExpiringSoonCondition(ExpiryWarning warning, ConditionSet conditions) {
    this.warning = warning;
    this.conditions = conditions;
  }

  /**
   * Sets or removes the condition; returns the warning's message when one was newly raised (a first
   * lead time, or a shorter one, reached).
   */
  public Optional<String> update(
      CredentialSpec spec,
      CredentialStatus status,
      Phase phase,
      long generation,
      String what,
      Instant now) {
    Optional<Instant> expiry =
        phase == Phase.Active ? ExpiryWarning.warnedExpiry(spec, status) : Optional.empty();
    Optional<Duration> lead = expiry.flatMap(at -> warning.reached(at, now));
    if (lead.isEmpty()) {
      conditions.remove(status, TYPE);
      return Optional.empty();
    }
    String message =
        what
            + " expires at "
            + expiry.get()
            + ", within "
            + ExpiryWarning.describe(lead.get())
            + "; it is not renewed automatically";
    boolean changed = conditions.set(status, generation, TYPE, true, TYPE, message);
    return changed ? Optional.of(message) : Optional.empty();
  }

  /** When the next warning is due, so that the reconciler is rescheduled for that instant. */
  public Optional<Instant> nextWarning(CredentialSpec spec, CredentialStatus status, Instant now) {
    return ExpiryWarning.warnedExpiry(spec, status).flatMap(at -> warning.next(at, now));
  }
}
