package dev.keyward.reconciler;

import dev.keyward.KeywardNames;
import dev.keyward.api.AccessGrant;
import dev.keyward.api.Application;
import dev.keyward.api.ApplicationSpec;
import dev.keyward.api.ApplicationStatus;
import dev.keyward.event.EventRecorder;
import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.lifecycle.GoDuration;
import dev.keyward.lifecycle.KeyIssuer;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.lifecycle.KeySchedule;
import dev.keyward.lifecycle.SpecCheck;
import dev.keyward.rbac.ApplicationRbac;
import dev.keyward.restart.RotationConsumers;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.status.ConditionSet;
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
  private final ApplicationEvents events;
  private final ConditionSet conditions;
  private final ExpiringSoonCondition expiringSoon;
  private final Clock clock;
  private final String tokenEndpoint;
  private final Duration orphanSweepInterval;
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
      RotationConsumers rotationConsumers) {
    this.rotationConsumers = rotationConsumers;
    this.issuer = issuer;
    this.roleMap = roleMap;
    this.rbac = rbac;
    this.events = new ApplicationEvents(events);
    this.clock = clock;
    this.conditions = new ConditionSet(clock);
    this.expiringSoon = new ExpiringSoonCondition(expiryWarning, conditions);
    this.tokenEndpoint = tokenEndpoint;
    this.orphanSweepInterval = orphanSweepInterval;
  }

  @Override
  public List<EventSource<?, Application>> prepareEventSources(
      EventSourceContext<Application> context) {
    return ApplicationEventSources.prepare(context, roleMap, orphanSweepInterval);
  }

  @Override
  public UpdateControl<Application> reconcile(Application app, Context<Application> context) {
    Instant now = clock.instant();
    ApplicationStatus before = app.getStatus() == null ? new ApplicationStatus() : app.getStatus();
    ApplicationStatus status = Serialization.clone(before);
    long generation = app.getMetadata().getGeneration();
    status.setAppId(app.getMetadata().getUid());
    status.setPreviousKeys(KeySchedule.stillInGrace(status.getPreviousKeys(), now));
    if (status.getPreviousKeys().size() < before.getPreviousKeys().size()) {
      events.previousKeyRetired(app);
    }

    Decision decision = decide(app, status, now, generation, grantsOf(context));
    if (decision.phase() != Phase.Active) {
      rbac.revoke(app);
      status.setBoundProjects(List.of());
      conditions.set(
          status,
          generation,
          "RolesBound",
          false,
          "NotActive",
          "no RoleBindings while the application is " + decision.phase());
    }
    conditions.setPhase(
        status, generation, decision.phase(), decision.reason(), decision.message());
    expiringSoon
        .update(app.getSpec(), status, decision.phase(), generation, "the app secret", now)
        .ifPresent(message -> events.expiringSoon(app, message));

    events.record(
        app,
        before,
        status,
        decision.phase(),
        decision.reason(),
        decision.message(),
        decision.outcome());
    rotationConsumers.afterDecision(app, app.getSpec(), status, decision.outcome(), generation);
    UpdateControl<Application> control =
        StatusPatch.ifChanged(app, before, status, Application::new, context);
    Optional<Duration> next =
        Stream.of(
                KeySchedule.nextChange(app.getSpec(), status, now),
                expiringSoon.nextWarning(app.getSpec(), status, now))
            .flatMap(Optional::stream)
            .min(Instant::compareTo)
            .map(at -> Duration.between(now, at).plusMillis(5));
    if (decision.retryLater()) {
      // ClusterRoles are not watched (the operator may only get the ones it binds): look again.
      next =
          Optional.of(
              next.filter(d -> d.compareTo(CLUSTER_ROLE_RETRY) < 0).orElse(CLUSTER_ROLE_RETRY));
    }
    next.ifPresent(control::rescheduleAfter);
    return control;
  }

  record Decision(Phase phase, String reason, String message, Outcome outcome, boolean retryLater) {
    Decision(Phase phase, String reason, String message) {
      this(phase, reason, message, Outcome.UNCHANGED, false);
    }
  }

  private Decision decide(
      Application app,
      ApplicationStatus status,
      Instant now,
      long gen,
      Function<String, Collection<AccessGrant>> grants) {
    ApplicationSpec spec = app.getSpec();
    RoleMap map = roleMap.current();
    List<String> roles = spec.getRoles() == null ? List.of() : spec.getRoles();
    Optional<String> problem =
        SpecCheck.problem(spec)
            .or(
                () ->
                    spec.getTokenLifetime() != null && !isDuration(spec.getTokenLifetime())
                        ? Optional.of("tokenLifetime is not a duration")
                        : Optional.empty());
    if (problem.isPresent()) {
      return new Decision(Phase.Invalid, "InvalidSpec", problem.get());
    }
    List<String> unknown = map.unknownRoles(roles);
    if (!unknown.isEmpty()) {
      String names = String.join(", ", unknown);
      conditions.set(
          status, gen, "RolesKnown", false, "UnknownRoles", "roles not in the role map: " + names);
      return new Decision(Phase.Invalid, "UnknownRoles", "roles not in the role map: " + names);
    }
    conditions.set(status, gen, "RolesKnown", true, "RolesKnown", "every role is in the role map");
    if (!spec.enabledOrDefault()) {
      return new Decision(
          Phase.Disabled,
          "Disabled",
          "spec.enabled is false; the secret is kept and cannot be exchanged");
    }
    KeyIssuer.refreshExpiry(spec, status);
    if (spec.getExpires() != null && !KeySchedule.expiryOf(spec, now).get().isAfter(now)) {
      if (status.getKey() == null) {
        status.setExpiresAt(KeySchedule.expiryOf(spec, now).get().toString());
        return new Decision(
            Phase.Expired, "ExpiryInPast", "spec.expires is in the past; no secret was issued");
      }
      return new Decision(
          Phase.Expired, "Expired", "the secret expired at " + status.getExpiresAt());
    }
    String secretName = KeywardNames.secretName(app, spec);
    Outcome outcome = issuer.ensure(app, spec, status, target(app, secretName), now);
    if (outcome == Outcome.CONFLICT) {
      conditions.set(
          status,
          gen,
          "SecretReady",
          false,
          "SecretConflict",
          "Secret " + secretName + " exists and is not managed by this application");
      return new Decision(
          Phase.Invalid,
          "SecretConflict",
          "Secret " + secretName + " belongs to someone else; choose another spec.secret.name");
    }
    conditions.set(
        status,
        gen,
        "SecretReady",
        true,
        "SecretReady",
        "appId and appSecret are in Secret " + secretName);
    boolean retry = bindRoles(app, map, status, gen, grants);
    return new Decision(Phase.Active, "Active", "the app secret can be exchanged", outcome, retry);
  }

  /** Binds the roles; true when a missing ClusterRole asks to look again later. */
  private boolean bindRoles(
      Application app,
      RoleMap map,
      ApplicationStatus status,
      long gen,
      Function<String, Collection<AccessGrant>> grants) {
    status.setServiceAccount(KeywardNames.serviceAccountName(app));
    ApplicationRbac.Outcome outcome = rbac.grant(app, map, grants);
    status.setBoundProjects(outcome.boundProjects());
    conditions.set(status, gen, "RolesBound", outcome.bound(), outcome.reason(), outcome.message());
    return outcome.retryLater();
  }

  /** The AccessGrants of a namespace, from the informer that also wakes Applications up. */
  @SuppressWarnings("unchecked")
  private static Function<String, Collection<AccessGrant>> grantsOf(Context<Application> context) {
    var source =
        (InformerEventSource<AccessGrant, Application>)
            context.eventSourceRetriever().getEventSourceFor(AccessGrant.class);
    return namespace -> source.list(namespace).toList();
  }

  private static boolean isDuration(String text) {
    try {
      GoDuration.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
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
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<Application> updateErrorStatus(
      Application app, Context<Application> context, Exception e) {
    return ErrorStatus.report(app, ApplicationStatus::new, conditions, e);
  }
}
