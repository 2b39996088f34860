package dev.keyward.reconciler;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.KeywardNames;
import dev.keyward.cache.ControllerCache;
import dev.keyward.cache.ListPages;
import dev.keyward.cache.PrunedItemStore;
import dev.keyward.delivery.DeliveryEventSources;
import dev.keyward.delivery.SecretDelivery;
import dev.keyward.event.EventRecorder;
import dev.keyward.lifecycle.Deprecation;
import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.lifecycle.KeyIssuer;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.lifecycle.KeySchedule;
import dev.keyward.lifecycle.OwnerBinding;
import dev.keyward.restart.RotationConsumers;
import dev.keyward.rolemap.NamespaceLabels;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.secret.ManagedSecrets;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import dev.keyward.status.ExpiringSoonCondition;
import dev.keyward.status.StatusPatch;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles ApiTokens in three steps: decide ({@link TokenChecks}, a pure chain over what the
 * caches show), act (keep the key in the token's Secret, only when the chain passed), and write the
 * whole status with its conditions. Time-driven changes (expiry, renewal, end of grace) are
 * rescheduled for their exact instant.
 */
// Not generation-aware: the keyward.dev/rotate annotation changes metadata only. The update
// filter still keeps the reconciler's own status writes from starting another pass.
@ControllerConfiguration(
    name = "apitoken",
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ReconcileTrigger.class))
public class ApiTokenReconciler implements Reconciler<ApiToken> {

  static final String BY_USER_INDEX = TokenOwners.BY_USER_INDEX;

  private final KeyIssuer issuer;
  private final RoleMapSource roleMap;
  private final NamespaceLabels namespaceLabels;
  private final CredentialEvents events;
  private final ConditionSet conditions;
  private final ExpiringSoonCondition expiringSoon;
  private final Clock clock;
  private final SecretDelivery delivery;
  private final Duration orphanSweepInterval;
  private final RotationConsumers rotationConsumers;
  private final TokenOwners owners;
  private final ControllerCache<ApiToken> cache;
  private final SimpleInboundEventSource<ApiToken> roleMapChanges =
      new SimpleInboundEventSource<>("role-map");

  public ApiTokenReconciler(
      KeyIssuer issuer,
      RoleMapSource roleMap,
      NamespaceLabels namespaceLabels,
      EventRecorder events,
      Clock clock,
      ExpiryWarning expiryWarning,
      SecretDelivery delivery,
      Duration orphanSweepInterval,
      RotationConsumers rotationConsumers,
      TokenOwners owners,
      ControllerCache<ApiToken> cache) {
    this.owners = owners;
    this.cache = cache;
    this.rotationConsumers = rotationConsumers;
    this.issuer = issuer;
    this.delivery = delivery;
    this.orphanSweepInterval = orphanSweepInterval;
    this.roleMap = roleMap;
    this.namespaceLabels = namespaceLabels;
    this.events =
        new CredentialEvents(
            events,
            "key",
            "token is active",
            "a previous key's grace period ended; it no longer verifies");
    this.clock = clock;
    this.conditions = new ConditionSet(clock);
    this.expiringSoon = new ExpiringSoonCondition(expiryWarning);
  }

  @Override
  public List<EventSource<?, ApiToken>> prepareEventSources(EventSourceContext<ApiToken> context) {
    // The by-user index also gives the ApiUser controller its token counts: one token cache.
    owners.attach(context.getPrimaryCache());
    // Verification on this replica reads the same cache (see KeywardOperator#tokenCache).
    cache.attach(context.getPrimaryCache());
    var users =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ApiUser.class, ApiToken.class)
                .withSecondaryToPrimaryMapper(
                    (ApiUser user) ->
                        context
                            .getPrimaryCache()
                            .byIndex(
                                BY_USER_INDEX,
                                userKey(
                                    user.getMetadata().getNamespace(),
                                    user.getMetadata().getName()))
                            .stream()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .withPrimaryToSecondaryMapper(
                    (ApiToken token) ->
                        Set.of(
                            new ResourceID(
                                token.getSpec().getUser(), token.getMetadata().getNamespace())))
                .withOnUpdateFilter(new OwnerChange())
                .withItemStore(new PrunedItemStore<>())
                .withInformerListLimit(ListPages.SIZE)
                .build(),
            context);
    var secrets =
        ManagedSecrets.eventSource(ApiToken.class, context, DeliveryEventSources.copySource());
    roleMap.onChange(
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(ResourceID::fromResource)
                .forEach(roleMapChanges::propagateEvent));
    List<EventSource<?, ApiToken>> sources =
        new ArrayList<>(List.of(users, secrets, roleMapChanges));
    sources.addAll(
        DeliveryEventSources.prepare(ApiToken.class, context, secrets, orphanSweepInterval, true));
    return sources;
  }

  @Override
  public UpdateControl<ApiToken> reconcile(ApiToken token, Context<ApiToken> context) {
    Instant now = clock.instant();
    ApiTokenStatus before = token.getStatus() == null ? new ApiTokenStatus() : token.getStatus();
    ObservedToken observed =
        observe(token, before, context.getSecondaryResource(ApiUser.class), now);
    if (observed.status().getPreviousKeys().size() < before.getPreviousKeys().size()) {
      events.previousKeyRetired(token);
    }
    Acted acted = act(observed, TokenChecks.CHAIN.decide(observed), context);

    ApiTokenStatus status = observed.status();
    Optional<DesiredCondition> expiring =
        expiringSoon.desired(token.getSpec(), status, acted.phase(), "the key", now);
    List<DesiredCondition> wanted = acted.withReady(expiring);
    delivery
        .deliver(token, token.getSpec(), status, DeliveryEventSources.caches(context))
        .ifPresent(wanted::add);
    rotationConsumers
        .afterDecision(token, token.getSpec(), status, acted.keyOutcome())
        .ifPresent(wanted::add);
    conditions.rebuild(status, token.getMetadata().getGeneration(), acted.phase(), wanted);
    events.record(token, before, status, acted, expiring);
    UpdateControl<ApiToken> control =
        StatusPatch.ifChanged(token, before, status, ApiToken::new, context);
    if (acted.verdict().reason() == ConditionReason.InvalidSpec) {
      return control;
    }
    nextChange(token.getSpec(), status, now)
        .ifPresent(at -> control.rescheduleAfter(Duration.between(now, at).plusMillis(5)));
    return control;
  }

  /** Gathers what the decision needs from the caches; keys past their grace leave the status. */
  private ObservedToken observe(
      ApiToken token, ApiTokenStatus before, Optional<ApiUser> owner, Instant now) {
    ApiTokenStatus status = Serialization.clone(before);
    status.setId(token.getMetadata().getUid());
    status.setPreviousKeys(KeySchedule.stillInGrace(status.getPreviousKeys(), now));
    Deprecation.noteRequest(token, status, now);
    RoleMap map = roleMap.current();
    Map<String, String> labels =
        owner
            .filter(u -> map.selectsByLabels(u.getSpec().getRoles(), u.getSpec().getGroups()))
            .map(u -> namespaceLabels.apply(token.getMetadata().getNamespace()))
            .orElse(Map.of());
    return new ObservedToken(token, status, owner, map, labels, now);
  }

  /** Keeps the key in the Secret when the chain passed; otherwise does nothing. */
  private Acted act(
      ObservedToken observed, DecisionChain.Decision decision, Context<ApiToken> context) {
    Optional<OwnerBinding> binding =
        decision.passed(ConditionType.OwnerFound)
            ? Optional.of(observed.binding())
            : Optional.empty();
    TokenChecks.recordFindings(observed, decision, binding);
    if (!decision.proceeds()) {
      return Acted.stopped(decision);
    }
    ApiToken token = observed.token();
    boolean wasDeprecated = Deprecation.isDeprecated(observed.status());
    Outcome outcome =
        issuer.ensure(
            token,
            token.getSpec(),
            observed.status(),
            target(token),
            observed.now(),
            name -> cachedSecret(context, name));
    Deprecation.afterNewKey(wasDeprecated, observed.status());
    return TokenChecks.afterKey(observed, decision, binding.orElseThrow(), outcome);
  }

  private Optional<Instant> nextChange(ApiTokenSpec spec, ApiTokenStatus status, Instant now) {
    return Stream.of(
            KeySchedule.nextChange(spec, status, now), expiringSoon.nextWarning(spec, status, now))
        .flatMap(Optional::stream)
        .min(Instant::compareTo);
  }

  /** The token's Secret as the informer caches it (metadata and data digests), if it has it. */
  private static Optional<Secret> cachedSecret(Context<ApiToken> context, String name) {
    return context.getSecondaryResources(Secret.class).stream()
        .filter(s -> name.equals(s.getMetadata().getName()))
        .findFirst();
  }

  private static KeyIssuer.Target target(ApiToken token) {
    var template = token.getSpec().getSecret();
    return new KeyIssuer.Target(
        KeywardNames.secretName(token, token.getSpec()),
        KeywardNames.tokenDataKey(token),
        Map.of(),
        template == null ? Map.of() : template.getLabels(),
        template == null ? Map.of() : template.getAnnotations());
  }

  @Override
  public ErrorStatusUpdateControl<ApiToken> updateErrorStatus(
      ApiToken token, Context<ApiToken> context, Exception e) {
    return ErrorStatus.report(token, ApiTokenStatus::new, ApiToken::new, conditions, context, e);
  }

  private static String userKey(String namespace, String user) {
    return namespace + "/" + user;
  }
}
