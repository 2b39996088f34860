package dev.keyward.reconciler;

import dev.keyward.api.Application;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.Phase;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.Objects;

/**
 * Reconciles Applications. Their credentials, RBAC bindings and token exchange are not built yet:
 * the resource is accepted and reported as Pending with a Ready condition that says so.
 */
@ControllerConfiguration(name = "application")
public class ApplicationReconciler implements Reconciler<Application> {

  private final ConditionSet conditions;

  public ApplicationReconciler(Clock clock) {
    this.conditions = new ConditionSet(clock);
  }

  @Override
  public UpdateControl<Application> reconcile(Application app, Context<Application> context) {
    ApplicationStatus status = app.getStatus() == null ? new ApplicationStatus() : app.getStatus();
    long generation = app.getMetadata().getGeneration();
    boolean changed =
        conditions.set(
            status,
            generation,
            "Ready",
            false,
            "NotSupportedYet",
            "this Keyward version accepts Applications but does not issue their credentials yet");
    if (!changed
        && Phase.Pending.name().equals(status.getPhase())
        && Objects.equals(generation, status.getObservedGeneration())) {
      return UpdateControl.noUpdate();
    }
    status.setPhase(Phase.Pending.name());
    status.setObservedGeneration(generation);
    app.setStatus(status);
    return UpdateControl.patchStatus(app);
  }
}
