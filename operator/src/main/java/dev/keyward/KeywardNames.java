package dev.keyward;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import dev.keyward.api.CredentialSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Owns every derived name, label and annotation, so none is built inline elsewhere. */
public final class KeywardNames {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "keyward";
  public static final String MANAGED_SELECTOR = MANAGED_BY_LABEL + "=" + MANAGED_BY;
  public static final String COMPONENT_LABEL = "app.kubernetes.io/component";

  /** Digest of the credential the Secret holds, written with it: tells a crash from an edit. */
  public static final String DIGEST_ANNOTATION = "keyward.dev/sha256";

  /** Any new value asks for an immediate rotation. */
  public static final String ROTATE_ANNOTATION = "keyward.dev/rotate";

  public static final String TOKEN_DATA_KEY = "token";
  public static final String PASSWORD_DATA_KEY = "password";
  public static final String USERNAME_DATA_KEY = "username";

  private KeywardNames() {}

  public static String secretName(HasMetadata owner, CredentialSpec spec) {
    return spec.getSecret() != null && spec.getSecret().getName() != null
        ? spec.getSecret().getName()
        : owner.getMetadata().getName();
  }

  public static String tokenDataKey(ApiToken token) {
    return token.getSpec().getSecret() != null && token.getSpec().getSecret().getKey() != null
        ? token.getSpec().getSecret().getKey()
        : TOKEN_DATA_KEY;
  }

  public static String passwordSecretName(ApiUser user) {
    return user.getMetadata().getName() + "-password";
  }

  public static String username(ApiUser user) {
    return user.getSpec() != null && user.getSpec().getUsername() != null
        ? user.getSpec().getUsername()
        : user.getMetadata().getName();
  }
}
