package dev.keyward.reconciler;

import dev.keyward.api.KeywardStatus;
import dev.keyward.status.ConditionSet;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Reconciles a kind whose behaviour this Keyward version does not implement yet: the resource is
 * accepted and reported as Pending with a Ready condition that says so.
 */
public class AcceptingReconciler<R extends CustomResource<?, S>, S extends KeywardStatus>
    implements Reconciler<R> {

  private final ConditionSet conditions;
  private final Supplier<S> newStatus;
  private final String kind;

  public AcceptingReconciler(Clock clock, Supplier<S> newStatus, String kind) {
    this.conditions = new ConditionSet(clock);
    this.newStatus = newStatus;
    this.kind = kind;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    S status = resource.getStatus() == null ? newStatus.get() : resource.getStatus();
    long generation = resource.getMetadata().getGeneration();
    boolean changed =
        conditions.set(
            status,
            generation,
            "Ready",
            false,
            "NotSupportedYet",
            "this Keyward version accepts " + kind + "s but does not act on them yet");
    if (!changed
        && "Pending".equals(status.getPhase())
        && Objects.equals(generation, status.getObservedGeneration())) {
      return UpdateControl.noUpdate();
    }
    status.setPhase("Pending");
    status.setObservedGeneration(generation);
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }
}
