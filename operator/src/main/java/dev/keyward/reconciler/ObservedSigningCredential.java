package dev.keyward.reconciler;

import dev.keyward.api.KeywardNames;
import dev.keyward.api.SigningCredential;
import dev.keyward.api.SigningCredentialStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a SigningCredential's decision depends on, gathered from the informer caches before
 * deciding: the credential, its status as this pass starts (with its key and Secret name), the
 * owner found in its namespace (none when missing or being deleted), and the instant of the pass.
 */
record ObservedSigningCredential(
    SigningCredential credential,
    SigningCredentialStatus status,
    Optional<ObservedSigningCredential.Owner> owner,
    Instant now) {

  /**
   * The owner as found in the credential's namespace; {@code clientId} is an Application's appId
   * (null for an ApiUser, and for an Application that has none yet).
   */
  record Owner(String kind, String name, String uid, boolean enabled, String clientId) {

    boolean isApplication() {
      return "Application".equals(kind);
    }
  }

  /** How messages name the wanted owner: {@code ApiUser alice}, {@code Application pipeline}. */
  String ownerText() {
    return credential.getSpec().getUser() != null
        ? "ApiUser " + credential.getSpec().getUser()
        : "Application " + credential.getSpec().getApplication();
  }

  /** The current value of the keyward.dev/rotate annotation, or null. */
  String rotateRequest() {
    Map<String, String> annotations = credential.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(KeywardNames.ROTATE_ANNOTATION);
  }

  /** A rotation request not yet acted on. */
  boolean rotateDue() {
    String request = rotateRequest();
    return request != null && !request.equals(status.getLastRotationRequest());
  }
}
