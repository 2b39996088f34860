package dev.keyward.event;

import dev.keyward.api.CredentialStatus;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** The Event for what {@code KeyIssuer} did to a credential's key; hints only, never keys. */
public final class KeyEvents {

  private KeyEvents() {}

  /** {@code noun} names the credential in messages, for example "key" or "app secret". */
  public static void record(
      EventRecorder events,
      HasMetadata owner,
      CredentialStatus after,
      Outcome outcome,
      String noun) {
    record(events, owner, after, outcome, noun, "");
  }

  /** Whether {@code outcome} gives a credential its first key: issued, or adopted after a crash. */
  public static boolean firstKey(Outcome outcome) {
    return outcome == Outcome.ISSUED || outcome == Outcome.ADOPTED;
  }

  /**
   * As {@link #record(EventRecorder, HasMetadata, CredentialStatus, Outcome, String)}; {@code
   * activated} ("token is active"), when not empty, ends the message of a {@link #firstKey} Event:
   * the pass that gave the credential its first key also made it active, and that one transition is
   * one Event.
   */
  public static void record(
      EventRecorder events,
      HasMetadata owner,
      CredentialStatus after,
      Outcome outcome,
      String noun,
      String activated) {
    String secret = after.getSecretName();
    String hint = after.getKey() == null ? "" : after.getKey().getHint();
    String andActive = activated.isEmpty() ? "" : "; " + activated;
    switch (outcome) {
      case ISSUED ->
          events.record(
              owner,
              Reason.KeyIssued,
              "issued " + noun + " " + hint + " into Secret " + secret + andActive);
      case ADOPTED ->
          events.record(
              owner,
              Reason.KeyAdopted,
              "recorded " + noun + " " + hint + " found in Secret " + secret + andActive);
      case ROTATED ->
          events.record(
              owner,
              Reason.KeyRotated,
              "rotated to "
                  + noun
                  + " "
                  + hint
                  + (after.getPreviousKeys().isEmpty()
                      ? "; the previous " + noun + " stopped verifying"
                      : "; the previous " + noun + " verifies until its grace period ends"));
      case REVOKED ->
          events.record(
              owner,
              Reason.KeyRevoked,
              "revoked: issued new "
                  + noun
                  + " "
                  + hint
                  + "; no earlier "
                  + noun
                  + " verifies, without a grace period");
      case REISSUED_SECRET_DELETED, REISSUED_SECRET_EDITED ->
          events.record(
              owner,
              Reason.KeyReissued,
              "Secret "
                  + secret
                  + (outcome == Outcome.REISSUED_SECRET_DELETED ? " was deleted" : " was edited")
                  + ": issued new "
                  + noun
                  + " "
                  + hint
                  + "; the old "
                  + noun
                  + " no longer verifies");
      default -> {}
    }
  }
}
