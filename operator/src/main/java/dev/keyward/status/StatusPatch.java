package dev.keyward.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Patches a status only when it changed, so an idle reconcile writes nothing. The patched resource
 * is kept in the primary cache: the next reconcile, which the key's new Secret may trigger before
 * the watch delivers the status, never works from a status older than this write.
 */
public final class StatusPatch {

  private StatusPatch() {}

  /**
   * Writes {@code after} by server-side apply with the resource's resourceVersion as precondition
   * (a conflict re-reads the cache and applies again), caches the result, and returns an {@link
   * UpdateControl} that writes nothing more.
   */
  public static <S, R extends CustomResource<?, S>> UpdateControl<R> ifChanged(
      R resource, S before, S after, Supplier<R> empty, Context<R> context) {
    if (Objects.equals(Serialization.asJson(before), Serialization.asJson(after))) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(after);
    R statusOnly = empty.get();
    statusOnly.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    statusOnly.setStatus(after);
    PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, statusOnly, context);
    return UpdateControl.noUpdate();
  }
}
