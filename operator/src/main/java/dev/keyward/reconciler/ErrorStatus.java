package dev.keyward.reconciler;

import dev.keyward.api.KeywardStatus;
import dev.keyward.status.ConditionSet;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import java.util.function.Supplier;

/**
 * What every reconciler does when a reconcile throws: the Ready condition keeps its status but
 * says, in words safe to show, that reconciling failed and will be retried.
 */
final class ErrorStatus {

  private ErrorStatus() {}

  static <S extends KeywardStatus, R extends CustomResource<?, S>>
      ErrorStatusUpdateControl<R> report(
          R resource, Supplier<S> emptyStatus, ConditionSet conditions, Exception e) {
    S status = resource.getStatus() == null ? emptyStatus.get() : resource.getStatus();
    boolean changed =
        conditions.set(
            status,
            resource.getMetadata().getGeneration(),
            "Ready",
            ConditionSet.isTrue(status, "Ready"),
            "ReconcileError",
            ErrorMessages.safe(e));
    resource.setStatus(status);
    return changed
        ? ErrorStatusUpdateControl.patchStatus(resource)
        : ErrorStatusUpdateControl.defaultErrorProcessing();
  }
}
