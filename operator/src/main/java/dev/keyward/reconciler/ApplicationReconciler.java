package dev.keyward.reconciler;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.Application;
import dev.keyward.api.ApplicationSpec;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.api.KeywardNames;
import dev.keyward.delivery.DeliveryEventSources;
import dev.keyward.delivery.SecretDelivery;
import dev.keyward.event.EventRecorder;
import dev.keyward.lifecycle.Deprecation;
import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.lifecycle.KeyIssuer;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.lifecycle.KeySchedule;
import dev.keyward.rbac.ApplicationRbac;
import dev.keyward.restart.RotationConsumers;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.ExpiringSoonCondition;
import dev.keyward.status.Phase;
import dev.keyward.status.StatusPatch;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reconciles Applications: checks the roles against the role map, keeps the app secret in the
 * Application's Secret, and binds each role's ClusterRole to the Application's ServiceAccount in
 * every project where the operator's rules and the project's AccessGrants allow it. A finalizer
 * removes the bindings, which live outside the Application's namespace; a periodic sweep removes
 * those whose Application is gone without it.
 */
// Not generation-aware: the keyward.dev/rotate annotation changes metadata only. The update
// filter still keeps the reconciler's own status writes from starting another pass.
@ControllerConfiguration(
    name = "application",
    finalizerName = KeywardNames.APP_FINALIZER,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ReconcileTrigger.class))
public class ApplicationReconciler implements Reconciler<Application>, Cleaner<Application> {

  /** How soon an Application waiting for a ClusterRole looks again. */
  static final Duration CLUSTER_ROLE_RETRY = Duration.ofSeconds(5);

  private final KeyIssuer issuer;
  private final RoleMapSource roleMap;
  private final ApplicationRbac rbac;
  private final CredentialEvents events;
  private final ConditionSet conditions;
  private final ExpiringSoonCondition expiringSoon;
  private final Clock clock;
  private final String tokenEndpoint;
  private final Duration orphanSweepInterval;
  private final SecretDelivery delivery;
  private final RotationConsumers rotationConsumers;

  public ApplicationReconciler(
      KeyIssuer issuer,
      RoleMapSource roleMap,
      ApplicationRbac rbac,
      EventRecorder events,
      Clock clock,
      String tokenEndpoint,
      Duration orphanSweepInterval,
      ExpiryWarning expiryWarning,
      SecretDelivery delivery,
      RotationConsumers rotationConsumers) {
    this.rotationConsumers = rotationConsumers;
    this.issuer = issuer;
    this.delivery = delivery;
    this.roleMap = roleMap;
    this.rbac = rbac;
    this.events =
        new CredentialEvents(
            events,
            "app secret",
            "application is active",
            "a previous app secret's grace period ended; it can no longer be exchanged");
    this.clock = clock;
    this.conditions = new ConditionSet(clock);
    this.expiringSoon = new ExpiringSoonCondition(expiryWarning);
    this.tokenEndpoint = tokenEndpoint;
    this.orphanSweepInterval = orphanSweepInterval;
  }

  @Override
  public List<EventSource<?, Application>> prepareEventSources(
      EventSourceContext<Application> context) {
    return ApplicationEventSources.prepare(context, roleMap, orphanSweepInterval, rbac);
  }

  @Override
  public UpdateControl<Application> reconcile(Application app, Context<Application> context) {
    Instant now = clock.instant();
    ApplicationStatus before = app.getStatus() == null ? new ApplicationStatus() : app.getStatus();
    ObservedApplication observed = observe(app, before, now);
    if (observed.status().getPreviousKeys().size() < before.getPreviousKeys().size()) {
      events.previousKeyRetired(app);
    }
    Acted acted = act(observed, ApplicationChecks.CHAIN.decide(observed), grantsOf(context));

    ApplicationStatus status = observed.status();
    Optional<DesiredCondition> expiring =
        expiringSoon.desired(app.getSpec(), status, acted.phase(), "the app secret", now);
    List<DesiredCondition> wanted = acted.withReady(expiring);
    delivery
        .deliver(app, app.getSpec(), status, DeliveryEventSources.caches(context))
        .ifPresent(wanted::add);
    rotationConsumers
        .afterDecision(app, app.getSpec(), status, acted.keyOutcome())
        .ifPresent(wanted::add);
    conditions.rebuild(status, app.getMetadata().getGeneration(), acted.phase(), wanted);
    events.record(app, before, status, acted, expiring);
    events.rolesBound(app, before, status);
    UpdateControl<Application> control =
        StatusPatch.ifChanged(app, before, status, Application::new, context);
    nextLook(app.getSpec(), status, now, acted.retryLater()).ifPresent(control::rescheduleAfter);
    return control;
  }

  private ObservedApplication observe(Application app, ApplicationStatus before, Instant now) {
    ApplicationStatus status = Serialization.clone(before);
    status.setAppId(app.getMetadata().getUid());
    status.setPreviousKeys(KeySchedule.stillInGrace(status.getPreviousKeys(), now));
    Deprecation.noteRequest(app, status, now);
    return new ObservedApplication(app, status, roleMap.current(), now);
  }

  /**
   * Keeps the app secret and binds the roles when the chain passed; otherwise, and when the Secret
   * belongs to someone else, takes every RoleBinding away.
   */
  private Acted act(
      ObservedApplication observed,
      DecisionChain.Decision decision,
      Function<String, Collection<AccessGrant>> grants) {
    ApplicationChecks.recordFindings(observed, decision);
    Application app = observed.app();
    if (!decision.proceeds()) {
      return unbound(observed, Acted.stopped(decision));
    }
    String secretName = KeywardNames.secretName(app, app.getSpec());
    boolean wasDeprecated = Deprecation.isDeprecated(observed.status());
    Outcome outcome =
        issuer.ensure(
            app, app.getSpec(), observed.status(), target(app, secretName), observed.now());
    Deprecation.afterNewKey(wasDeprecated, observed.status());
    Acted kept = ApplicationChecks.afterSecret(decision, outcome, secretName);
    if (kept.phase() != Phase.Active) {
      return unbound(observed, kept);
    }
    observed.status().setServiceAccount(KeywardNames.serviceAccountName(app));
    ApplicationRbac.Outcome bound = rbac.grant(app, observed.roleMap(), grants);
    observed.status().setBoundProjects(bound.boundProjects());
    return ApplicationChecks.afterBinding(kept, bound);
  }

  /** No RoleBindings while the Application is not Active. */
  private Acted unbound(ObservedApplication observed, Acted acted) {
    rbac.revoke(observed.app());
    observed.status().setBoundProjects(List.of());
    return ApplicationChecks.notBound(acted);
  }

  /** When to look again: the next change of the key, or soon while a ClusterRole is missing. */
  private Optional<Duration> nextLook(
      ApplicationSpec spec, ApplicationStatus status, Instant now, boolean retryLater) {
    Optional<Duration> next =
        Stream.of(
                KeySchedule.nextChange(spec, status, now),
                expiringSoon.nextWarning(spec, status, now))
            .flatMap(Optional::stream)
            .min(Instant::compareTo)
            .map(at -> Duration.between(now, at).plusMillis(5));
    if (!retryLater) {
      return next;
    }
    // ClusterRoles are not watched (the operator may only get the ones it binds): look again.
    return Optional.of(
        next.filter(d -> d.compareTo(CLUSTER_ROLE_RETRY) < 0).orElse(CLUSTER_ROLE_RETRY));
  }

  /** The AccessGrants of a namespace, from the informer that also wakes Applications up. */
  @SuppressWarnings("unchecked")
  private static Function<String, Collection<AccessGrant>> grantsOf(Context<Application> context) {
    var source =
        (InformerEventSource<AccessGrant, Application>)
            context.eventSourceRetriever().getEventSourceFor(AccessGrant.class);
    return namespace -> source.list(namespace).toList();
  }

  private KeyIssuer.Target target(Application app, String secretName) {
    var template = app.getSpec().getSecret();
    return new KeyIssuer.Target(
        secretName,
        KeywardNames.APP_SECRET_DATA_KEY,
        Map.of(
            KeywardNames.APP_ID_DATA_KEY,
            app.getMetadata().getUid(),
            KeywardNames.TOKEN_ENDPOINT_DATA_KEY,
            tokenEndpoint),
        template == null ? Map.of() : template.getLabels(),
        template == null ? Map.of() : template.getAnnotations());
  }

  @Override
  public DeleteControl cleanup(Application app, Context<Application> context) {
    rbac.revoke(app);
    delivery.removeAll(app, DeliveryEventSources.caches(context));
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<Application> updateErrorStatus(
      Application app, Context<Application> context, Exception e) {
    return ErrorStatus.report(
        app, ApplicationStatus::new, Application::new, conditions, context, e);
  }
}
