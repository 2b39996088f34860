package dev.keyward.lifecycle;

import static dev.keyward.api.KeywardNames.DEPRECATE_ANNOTATION;
import static dev.keyward.api.KeywardNames.REVOKE_ANNOTATION;
import static dev.keyward.api.KeywardNames.ROTATE_ANNOTATION;

import dev.keyward.api.CredentialStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;

/**
 * Deprecation of a credential (Sunbird's "deprecate a credential"): a new value of the {@code
 * keyward.dev/deprecate} annotation marks the current key deprecated in its record ({@code
 * status.key.deprecatedAt}). A deprecated credential is in phase Deprecated, which the verifier,
 * like for any phase but Active, answers for no call. Only a new key clears it: a requested
 * rotation or revocation. The deprecated key and any key still in grace never verify again.
 *
 * <p>The state lives in the key's record rather than in the spec because it must end with the key:
 * a spec field would have to be cleared by the operator (a write GitOps would undo), or would let
 * anyone who can edit the spec undeprecate the same key without rotating it.
 */
public final class Deprecation {

  public static final String REASON = "Deprecated";

  private Deprecation() {}

  /**
   * Acts on a new deprecation request, then tells whether the credential stays deprecated in this
   * pass: it does unless a rotation or revocation is pending, which replaces the key.
   */
  public static boolean holds(HasMetadata owner, CredentialStatus status, Instant now) {
    noteRequest(owner, status, now);
    return holds(owner, status);
  }

  /** Records a new deprecation request in the key's record (observing, before any decision). */
  public static void noteRequest(HasMetadata owner, CredentialStatus status, Instant now) {
    String request = annotation(owner, DEPRECATE_ANNOTATION);
    if (request != null && !request.equals(status.getLastDeprecationRequest())) {
      if (status.getKey() != null && status.getKey().getDeprecatedAt() == null) {
        status.getKey().setDeprecatedAt(now.toString());
      }
      status.setLastDeprecationRequest(request);
    }
  }

  /**
   * Whether the credential stays deprecated in this pass, once requests are noted: it does unless a
   * rotation or revocation is pending, which replaces the key. Pure.
   */
  public static boolean holds(HasMetadata owner, CredentialStatus status) {
    return isDeprecated(status) && !newKeyRequested(owner, status);
  }

  public static boolean isDeprecated(CredentialStatus status) {
    return status.getKey() != null && status.getKey().getDeprecatedAt() != null;
  }

  /**
   * After the key keeper ran on a credential that was deprecated: once a new key replaced the
   * deprecated one, neither it nor any key still in grace verifies again (no grace period).
   */
  public static void afterNewKey(boolean wasDeprecated, CredentialStatus status) {
    if (wasDeprecated && !isDeprecated(status)) {
      status.setPreviousKeys(new ArrayList<>());
    }
  }

  /** Why the credential does not verify, for its Ready condition and event. */
  public static String message(String what, CredentialStatus status) {
    return what
        + " was deprecated at "
        + status.getKey().getDeprecatedAt()
        + " and verifies for no call; set a new value of the "
        + ROTATE_ANNOTATION
        + " annotation (kubectl keyward rotate) to issue a new one";
  }

  private static boolean newKeyRequested(HasMetadata owner, CredentialStatus status) {
    String rotate = annotation(owner, ROTATE_ANNOTATION);
    String revoke = annotation(owner, REVOKE_ANNOTATION);
    return (rotate != null && !Objects.equals(rotate, status.getLastRotationRequest()))
        || (revoke != null && !Objects.equals(revoke, status.getLastRevocationRequest()));
  }

  private static String annotation(HasMetadata owner, String name) {
    Map<String, String> annotations = owner.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
