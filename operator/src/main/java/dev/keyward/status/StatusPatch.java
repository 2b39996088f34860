package dev.keyward.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

/** Patches a status only when it changed, so an idle reconcile writes nothing. */
public final class StatusPatch {

  private StatusPatch() {}

  public static <S, R extends CustomResource<?, S>> UpdateControl<R> ifChanged(
      R resource, S before, S after) {
    if (Objects.equals(Serialization.asJson(before), Serialization.asJson(after))) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(after);
    return UpdateControl.patchStatus(resource);
  }
}
