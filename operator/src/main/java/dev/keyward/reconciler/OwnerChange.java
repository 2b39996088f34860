package dev.keyward.reconciler;

import dev.keyward.api.ApiUser;
import dev.keyward.lifecycle.UsernameClaim;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of an ApiUser concern its tokens: a spec change (roles, groups, enabled; a new
 * generation), deletion, or a change of whether it holds its username. Status writes that only
 * change its token count or password state do not: without this filter every such write would
 * reconcile every token of the user, ten thousand reconciles for one count.
 */
public final class OwnerChange implements OnUpdateFilter<ApiUser> {

  @Override
  public boolean accept(ApiUser updated, ApiUser previous) {
    ObjectMeta now = updated.getMetadata();
    ObjectMeta before = previous.getMetadata();
    return !Objects.equals(now.getGeneration(), before.getGeneration())
        || !Objects.equals(now.getUid(), before.getUid())
        || !Objects.equals(now.getDeletionTimestamp(), before.getDeletionTimestamp())
        || UsernameClaim.refused(updated) != UsernameClaim.refused(previous);
  }
}
