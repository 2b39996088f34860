package dev.keyward.reconciler;

import dev.keyward.KeywardNames;
import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.cache.PrunedItemStore;
import dev.keyward.event.EventRecorder;
import dev.keyward.event.KeyEvents;
import dev.keyward.event.Reason;
import dev.keyward.lifecycle.ExpiryWarning;
import dev.keyward.lifecycle.KeyIssuer;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.lifecycle.KeySchedule;
import dev.keyward.lifecycle.OwnerBinding;
import dev.keyward.lifecycle.SpecCheck;
import dev.keyward.lifecycle.UsernameClaim;
import dev.keyward.rolemap.NamespaceLabels;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.secret.ManagedSecrets;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.ExpiringSoonCondition;
import dev.keyward.status.Phase;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reconciles ApiTokens: checks the owner and the scopes, keeps the key in the token's Secret, and
 * reports the phase. Time-driven changes (expiry, renewal, end of grace) are rescheduled for their
 * exact instant.
 */
// Not generation-aware: the keyward.dev/rotate annotation changes metadata only. The update
// filter still keeps the reconciler's own status writes from starting another pass.
@ControllerConfiguration(
    name = "apitoken",
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ReconcileTrigger.class))
public class ApiTokenReconciler implements Reconciler<ApiToken> {

  static final String BY_USER_INDEX = TokenOwners.BY_USER_INDEX;
  private static final String INVALID_SPEC = "InvalidSpec";

  private final KeyIssuer issuer;
  private final RoleMapSource roleMap;
  private final NamespaceLabels namespaceLabels;
  private final EventRecorder events;
  private final ConditionSet conditions;
  private final ExpiringSoonCondition expiringSoon;
  private final Clock clock;
  private final TokenOwners owners;
  private final SimpleInboundEventSource<ApiToken> roleMapChanges =
      new SimpleInboundEventSource<>("role-map");

  public ApiTokenReconciler(
      KeyIssuer issuer,
      RoleMapSource roleMap,
      NamespaceLabels namespaceLabels,
      EventRecorder events,
      Clock clock,
      ExpiryWarning expiryWarning,
      TokenOwners owners) {
    this.owners = owners;
    this.issuer = issuer;
    this.roleMap = roleMap;
    this.namespaceLabels = namespaceLabels;
    this.events = events;
    this.clock = clock;
    this.conditions = new ConditionSet(clock);
    this.expiringSoon = new ExpiringSoonCondition(expiryWarning, conditions);
  }

  @Override
  public List<EventSource<?, ApiToken>> prepareEventSources(EventSourceContext<ApiToken> context) {
    // The by-user index also gives the ApiUser controller its token counts: one token cache.
    owners.attach(context.getPrimaryCache());
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
                .build(),
            context);
    var secrets = ManagedSecrets.eventSource(ApiToken.class, context);
    roleMap.onChange(
        () ->
            context
                .getPrimaryCache()
                .list()
                .map(ResourceID::fromResource)
                .forEach(roleMapChanges::propagateEvent));
    return List.of(users, secrets, roleMapChanges);
  }

  @Override
  public UpdateControl<ApiToken> reconcile(ApiToken token, Context<ApiToken> context) {
    Instant now = clock.instant();
    ApiTokenStatus before = token.getStatus() == null ? new ApiTokenStatus() : token.getStatus();
    ApiTokenStatus status = Serialization.clone(before);
    long generation = token.getMetadata().getGeneration();
    status.setId(token.getMetadata().getUid());
    status.setPreviousKeys(KeySchedule.stillInGrace(status.getPreviousKeys(), now));
    if (status.getPreviousKeys().size() < before.getPreviousKeys().size()) {
      events.record(
          token,
          Reason.PreviousKeyRetired,
          "a previous key's grace period ended; it no longer verifies");
    }

    Optional<ApiUser> owner = context.getSecondaryResource(ApiUser.class);
    Decision decision = decide(token, owner, status, now, generation, context);
    conditions.setPhase(
        status, generation, decision.phase(), decision.reason(), decision.message());
    expiringSoon
        .update(token.getSpec(), status, decision.phase(), generation, "the key", now)
        .ifPresent(message -> events.record(token, Reason.ExpiringSoon, message));

    recordTransition(token, before, status, decision);
    UpdateControl<ApiToken> control =
        StatusPatch.ifChanged(token, before, status, ApiToken::new, context);
    if (INVALID_SPEC.equals(decision.reason())) {
      return control;
    }
    Stream.of(
            KeySchedule.nextChange(token.getSpec(), status, now),
            expiringSoon.nextWarning(token.getSpec(), status, now))
        .flatMap(Optional::stream)
        .min(Instant::compareTo)
        .ifPresent(at -> control.rescheduleAfter(Duration.between(now, at).plusMillis(5)));
    return control;
  }

  private record Decision(Phase phase, String reason, String message, Outcome outcome) {
    Decision(Phase phase, String reason, String message) {
      this(phase, reason, message, Outcome.UNCHANGED);
    }
  }

  private Decision decide(
      ApiToken token,
      Optional<ApiUser> owner,
      ApiTokenStatus status,
      Instant now,
      long generation,
      Context<ApiToken> context) {
    ApiTokenSpec spec = token.getSpec();
    boolean hasKey = status.getKey() != null;
    Optional<String> specProblem = SpecCheck.problem(spec);
    if (specProblem.isPresent()) {
      return new Decision(Phase.Invalid, INVALID_SPEC, specProblem.get());
    }
    if (owner.isEmpty() || owner.get().getMetadata().getDeletionTimestamp() != null) {
      conditions.set(
          status,
          generation,
          "OwnerFound",
          false,
          "OwnerNotFound",
          "ApiUser " + spec.getUser() + " does not exist in this namespace");
      return hasKey
          ? new Decision(
              Phase.Disabled,
              "OwnerNotFound",
              "the owner ApiUser " + spec.getUser() + " is gone; the key does not verify")
          : new Decision(
              Phase.Pending,
              "OwnerNotFound",
              "waiting for ApiUser " + spec.getUser() + " in this namespace");
    }
    ApiUser user = owner.get();
    conditions.set(
        status, generation, "OwnerFound", true, "OwnerFound", "owned by ApiUser " + spec.getUser());
    OwnerBinding binding = OwnerBinding.judge(token, status, user);
    if (binding == OwnerBinding.REPLACED) {
      status.setApprovedScopes(null);
      return new Decision(
          Phase.Invalid,
          "OwnerReplaced",
          "ApiUser "
              + spec.getUser()
              + " was deleted and re-created (another uid); the key does not verify for the new"
              + " user. Set a new value of the "
              + KeywardNames.ROTATE_ANNOTATION
              + " annotation to bind the token to it with a new key");
    }
    if (binding == OwnerBinding.BOUND) {
      status.setOwner(user.getMetadata().getUid());
    }

    RoleMap map = roleMap.current();
    List<String> refused =
        map.notAllowed(
            spec.getScopes(),
            token.getMetadata().getNamespace(),
            map.selectsByLabels(user.getSpec().getRoles(), user.getSpec().getGroups())
                ? namespaceLabels.apply(token.getMetadata().getNamespace())
                : Map.of(),
            user.getSpec().getRoles(),
            user.getSpec().getGroups());
    if (!refused.isEmpty()) {
      conditions.set(
          status,
          generation,
          "ScopesAllowed",
          false,
          "ScopesNotAllowed",
          "scopes not allowed for ApiUser " + spec.getUser() + ": " + String.join(", ", refused));
      status.setApprovedScopes(null);
      return new Decision(
          Phase.Invalid,
          "ScopesNotAllowed",
          "scopes not allowed for the owner's roles and groups: " + String.join(", ", refused));
    }
    conditions.set(
        status,
        generation,
        "ScopesAllowed",
        true,
        "ScopesAllowed",
        "all scopes lie within the owner's roles and groups");
    status.setApprovedScopes(spec.getScopes() == null ? List.of() : List.copyOf(spec.getScopes()));

    if (!user.getSpec().enabledOrDefault()) {
      return new Decision(
          Phase.Disabled, "OwnerDisabled", "the owner ApiUser " + spec.getUser() + " is disabled");
    }
    if (UsernameClaim.refused(user)) {
      return new Decision(
          Phase.Disabled,
          "OwnerUsernameTaken",
          "the owner ApiUser "
              + spec.getUser()
              + " claims a username another ApiUser holds; the token does not verify");
    }
    if (!spec.enabledOrDefault()) {
      return new Decision(
          Phase.Disabled, "Disabled", "spec.enabled is false; the key is kept and does not verify");
    }
    KeyIssuer.refreshExpiry(spec, status);
    if (spec.getExpires() != null && !KeySchedule.expiryOf(spec, now).get().isAfter(now)) {
      if (!hasKey) {
        status.setExpiresAt(KeySchedule.expiryOf(spec, now).get().toString());
        return new Decision(
            Phase.Expired, "ExpiryInPast", "spec.expires is in the past; no key was issued");
      }
      return new Decision(Phase.Expired, "Expired", "the key expired at " + status.getExpiresAt());
    }

    Outcome outcome =
        issuer.ensure(token, spec, status, target(token), now, name -> cachedSecret(context, name));
    if (binding == OwnerBinding.REBOUND && outcome != Outcome.CONFLICT) {
      // The keys of the former owner never verify for the new one, not even in a grace period.
      status.setPreviousKeys(List.of());
      status.setOwner(user.getMetadata().getUid());
    }
    if (outcome == Outcome.CONFLICT) {
      conditions.set(
          status,
          generation,
          "SecretReady",
          false,
          "SecretConflict",
          "Secret "
              + KeywardNames.secretName(token, spec)
              + " exists and is not managed by this token; it is left untouched");
      return new Decision(
          Phase.Invalid,
          "SecretConflict",
          "Secret "
              + KeywardNames.secretName(token, spec)
              + " belongs to someone else; choose another spec.secret.name");
    }
    conditions.set(
        status,
        generation,
        "SecretReady",
        true,
        "SecretReady",
        "the key is in Secret " + status.getSecretName());
    return new Decision(Phase.Active, "Active", "the key verifies", outcome);
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

  private void recordTransition(
      ApiToken token, ApiTokenStatus before, ApiTokenStatus after, Decision decision) {
    KeyEvents.record(events, token, after, decision.outcome(), "key");
    if (Objects.equals(before.getPhase(), after.getPhase())
        && Objects.equals(
            ConditionSet.find(before, "Ready").map(c -> c.getReason()).orElse(null),
            decision.reason())) {
      return;
    }
    switch (decision.phase()) {
      // A new token's KeyIssued already tells that it is active: one event per transition.
      case Active -> {
        if (decision.outcome() != Outcome.ISSUED) {
          events.record(token, Reason.Activated, "token is active");
        }
      }
      case Disabled -> events.record(token, Reason.Disabled, decision.message());
      case Expired -> events.record(token, Reason.Expired, decision.message());
      case Pending -> events.record(token, Reason.OwnerMissing, decision.message());
      case Invalid ->
          events.record(
              token,
              switch (decision.reason()) {
                case "SecretConflict" -> Reason.SecretConflict;
                case INVALID_SPEC -> Reason.InvalidSpec;
                case "OwnerReplaced" -> Reason.OwnerReplaced;
                default -> Reason.ScopesNotAllowed;
              },
              decision.message());
    }
  }

  @Override
  public ErrorStatusUpdateControl<ApiToken> updateErrorStatus(
      ApiToken token, Context<ApiToken> context, Exception e) {
    return ErrorStatus.report(token, ApiTokenStatus::new, conditions, e);
  }

  private static String userKey(String namespace, String user) {
    return namespace + "/" + user;
  }
}
