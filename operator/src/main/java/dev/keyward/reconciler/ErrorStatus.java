package dev.keyward.reconciler;

import dev.keyward.api.KeywardStatus;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.ConditionType;
import dev.keyward.status.StatusPatch;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every reconciler does when a reconcile throws: the Ready condition keeps its status but
 * says, in words safe to show, that reconciling failed and will be retried. The write goes through
 * {@link StatusPatch}, so the retry, like any reconcile, starts from the status written last.
 */
final class ErrorStatus {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorStatus.class);

  private ErrorStatus() {}

  static <S extends KeywardStatus, R extends CustomResource<?, S>>
      ErrorStatusUpdateControl<R> report(
          R resource,
          Supplier<S> emptyStatus,
          Supplier<R> emptyResource,
          ConditionSet conditions,
          Context<R> context,
          Exception e) {
    S before = resource.getStatus() == null ? emptyStatus.get() : resource.getStatus();
    S status = Serialization.clone(before);
    conditions.set(
        status,
        resource.getMetadata().getGeneration(),
        ConditionType.Ready.name(),
        ConditionSet.isTrue(status, ConditionType.Ready.name()),
        ConditionReason.ReconcileError.name(),
        ErrorMessages.safe(e));
    try {
      StatusPatch.ifChanged(resource, before, status, emptyResource, context);
    } catch (KubernetesClientException patchFailed) {
      // The API server refused or is out of reach: the retry reports again.
      LOG.debug("could not record the reconcile error in the status: {}", patchFailed.getCode());
    }
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }
}
