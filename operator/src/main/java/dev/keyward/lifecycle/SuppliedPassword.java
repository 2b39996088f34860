package dev.keyward.lifecycle;

import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Map;

/**
 * The consent rule for a password that a user supplies: a Secret serves as an ApiUser's password
 * only when its own annotation names that ApiUser, so an ApiUser cannot turn an unrelated Secret
 * into a login (or into a hash that can be attacked offline).
 */
public final class SuppliedPassword {

  private SuppliedPassword() {}

  /** True when the Secret carries {@code keyward.dev/password-for: <the user's name>}. */
  public static boolean optedIn(Secret secret, ApiUser user) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations != null
        && user.getMetadata()
            .getName()
            .equals(annotations.get(KeywardNames.PASSWORD_FOR_ANNOTATION));
  }

  /**
   * The one message for a missing Secret, a Secret that did not opt in, a missing key and a too
   * short password: it names what is required and reveals nothing about what the Secret holds.
   */
  public static String unusable(String secretName, String key, ApiUser user) {
    return "Secret "
        + secretName
        + " cannot be used as this user's password: it must exist in this namespace, carry the"
        + " annotation "
        + KeywardNames.PASSWORD_FOR_ANNOTATION
        + ": "
        + user.getMetadata().getName()
        + ", and hold a password of at least "
        + PasswordKeeper.MINIMUM_LENGTH
        + " characters under the key "
        + key;
  }
}
