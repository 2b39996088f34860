package dev.keyward.reconciler;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.lifecycle.OwnerBinding;
import dev.keyward.rolemap.RoleMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the token's decision depends on, gathered before deciding from the informer caches and
 * the role map: the token, its status as this pass starts (keys past their grace already dropped),
 * the owner, the role map, the labels of the token's namespace when the role map selects by them,
 * and the instant of the pass.
 */
record ObservedToken(
    ApiToken token,
    ApiTokenStatus status,
    Optional<ApiUser> owner,
    RoleMap roleMap,
    Map<String, String> namespaceLabels,
    Instant now) {

  ApiTokenSpec spec() {
    return token.getSpec();
  }

  boolean hasKey() {
    return status.getKey() != null;
  }

  /** The owner, when it exists and is not being deleted. */
  Optional<ApiUser> liveOwner() {
    return owner.filter(u -> u.getMetadata().getDeletionTimestamp() == null);
  }

  /** How the token stands to its owner's uid; only asked once the owner was found. */
  OwnerBinding binding() {
    return OwnerBinding.judge(token, status, liveOwner().orElseThrow());
  }

  /** Scopes beyond what the owner's roles and groups allow in this namespace. */
  List<String> refusedScopes() {
    ApiUser user = liveOwner().orElseThrow();
    return roleMap.notAllowed(
        spec().getScopes(),
        token.getMetadata().getNamespace(),
        namespaceLabels,
        user.getSpec().getRoles(),
        user.getSpec().getGroups());
  }
}
