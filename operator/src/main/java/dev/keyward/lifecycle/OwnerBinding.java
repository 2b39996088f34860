package dev.keyward.lifecycle;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import java.util.Map;
import java.util.Objects;

/**
 * A token is bound to its owner's uid, not only its name: an ApiUser deleted and re-created under
 * the same name is another user, and must not inherit keys that were handed out for the first. The
 * binding moves to the new uid only when someone who may edit the token asks for a new key (a new
 * value of the {@code keyward.dev/rotate} annotation): the old key then stops at once.
 */
public enum OwnerBinding {
  /** The recorded owner is this user, or the token has no key yet and simply binds to it. */
  BOUND,
  /** Another uid holds the name and the token has a key: it does not verify. */
  REPLACED,
  /** Another uid holds the name and a new rotation request asks to bind to it with a new key. */
  REBOUND;

  public static OwnerBinding judge(ApiToken token, ApiTokenStatus status, ApiUser user) {
    String recorded = status.getOwner();
    boolean hasKey = status.getKey() != null || !status.getPreviousKeys().isEmpty();
    if (recorded == null || recorded.equals(user.getMetadata().getUid()) || !hasKey) {
      return BOUND;
    }
    Map<String, String> annotations = token.getMetadata().getAnnotations();
    String request = annotations == null ? null : annotations.get(KeywardNames.ROTATE_ANNOTATION);
    return request != null && !Objects.equals(request, status.getLastRotationRequest())
        ? REBOUND
        : REPLACED;
  }
}
