package dev.keyward.reconciler;

import dev.keyward.api.ApiUser;
import dev.keyward.api.ApiUserStatus;
import dev.keyward.lifecycle.PasswordKeeper;
import java.util.Optional;

/**
 * Everything an ApiUser's decision depends on: the user, its status as this pass starts, the
 * ApiUser that holds its username in the namespace (from the informer's index), and what keeping
 * its password found (empty when it has none). The password is kept first, whatever the decision:
 * its record must exist before the user can be enabled, and a refused user keeps it for later.
 */
record ObservedUser(
    ApiUser user,
    ApiUserStatus status,
    Optional<ApiUser> usernameHolder,
    Optional<PasswordKeeper.Result> password) {

  boolean usernameTaken() {
    return usernameHolder.isPresent()
        && !usernameHolder.get().getMetadata().getUid().equals(user.getMetadata().getUid());
  }
}
