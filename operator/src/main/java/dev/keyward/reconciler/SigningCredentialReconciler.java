package dev.keyward.reconciler;

import dev.keyward.api.ApiUser;
import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import dev.keyward.api.SigningCredential;
import dev.keyward.api.SigningCredentialStatus;
import dev.keyward.cache.ListPages;
import dev.keyward.cache.PrunedItemStore;
import dev.keyward.event.EventRecorder;
import dev.keyward.event.Reason;
import dev.keyward.reconciler.ObservedSigningCredential.Owner;
import dev.keyward.secret.ManagedSecrets;
import dev.keyward.signing.SigningKeyKeeper;
import dev.keyward.signing.SigningKeyMaterial;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.StatusPatch;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles SigningCredentials in three steps: decide ({@link SigningChecks}, a pure chain over
 * the owner found in the caches — an ApiUser or Application of the same namespace, by name: no
 * other namespace can be named), act (keep the key in the Secret through {@link SigningKeyKeeper},
 * only when the owner checks passed), and write the whole status: the public half, key id and
 * owner's uid for the verifier, with every condition. The HS256 copy in the operator's namespace is
 * removed with the credential.
 */
// Not generation-aware: the keyward.dev/rotate annotation changes metadata only; the update filter
// keeps the reconciler's own status writes from starting another pass.
@ControllerConfiguration(
    name = "signingcredential",
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ReconcileTrigger.class))
public class SigningCredentialReconciler
    implements Reconciler<SigningCredential>, Cleaner<SigningCredential> {

  static final String BY_OWNER_INDEX = "byOwner";

  private final SigningKeyKeeper keys;
  private final EventRecorder events;
  private final ConditionSet conditions;
  private final Clock clock;
  private final String tokenEndpoint;
  private final String recordsNamespace;
  private InformerEventSource<ApiUser, SigningCredential> users;
  private InformerEventSource<Application, SigningCredential> apps;

  /** {@code recordsNamespace}: the operator's namespace, where HS256 records are kept. */
  public SigningCredentialReconciler(
      SigningKeyKeeper keys,
      EventRecorder events,
      Clock clock,
      String tokenEndpoint,
      String recordsNamespace) {
    this.keys = keys;
    this.events = events;
    this.conditions = new ConditionSet(clock);
    this.clock = clock;
    this.tokenEndpoint = tokenEndpoint;
    this.recordsNamespace = recordsNamespace;
  }

  @Override
  public List<EventSource<?, SigningCredential>> prepareEventSources(
      EventSourceContext<SigningCredential> context) {
    var cache = context.getPrimaryCache();
    cache.addIndexer(BY_OWNER_INDEX, c -> List.of(ownerKey(c)));
    users =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ApiUser.class, SigningCredential.class)
                .withSecondaryToPrimaryMapper((ApiUser u) -> credentialsOf("ApiUser", u, context))
                .withItemStore(new PrunedItemStore<>())
                .withInformerListLimit(ListPages.SIZE)
                .build(),
            context);
    apps =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Application.class, SigningCredential.class)
                .withSecondaryToPrimaryMapper(
                    (Application a) -> credentialsOf("Application", a, context))
                .withItemStore(new PrunedItemStore<>())
                .withInformerListLimit(ListPages.SIZE)
                .build(),
            context);
    var secrets = ManagedSecrets.eventSource(SigningCredential.class, context, this::recordOwner);
    return List.of(users, apps, secrets);
  }

  private static Set<ResourceID> credentialsOf(
      String kind, HasMetadata owner, EventSourceContext<SigningCredential> context) {
    return context
        .getPrimaryCache()
        .byIndex(
            BY_OWNER_INDEX,
            owner.getMetadata().getNamespace() + "/" + kind + "/" + owner.getMetadata().getName())
        .stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** The credential of an HS256 record; labels on a Secret elsewhere wake nobody. */
  private Set<ResourceID> recordOwner(Secret record) {
    if (!recordsNamespace.equals(record.getMetadata().getNamespace())) {
      return Set.of();
    }
    Map<String, String> labels = record.getMetadata().getLabels();
    String namespace =
        labels == null ? null : labels.get(KeywardNames.SIGNING_CREDENTIAL_NAMESPACE_LABEL);
    String name = labels == null ? null : labels.get(KeywardNames.SIGNING_CREDENTIAL_NAME_LABEL);
    return namespace == null || name == null ? Set.of() : Set.of(new ResourceID(name, namespace));
  }

  private static String ownerKey(SigningCredential c) {
    boolean user = c.getSpec().getUser() != null;
    return c.getMetadata().getNamespace()
        + "/"
        + (user ? "ApiUser" : "Application")
        + "/"
        + (user ? c.getSpec().getUser() : c.getSpec().getApplication());
  }

  private Optional<Owner> owner(SigningCredential credential) {
    String namespace = credential.getMetadata().getNamespace();
    if (credential.getSpec().getUser() != null) {
      return users
          .get(new ResourceID(credential.getSpec().getUser(), namespace))
          .filter(u -> u.getMetadata().getDeletionTimestamp() == null)
          .map(
              u ->
                  new Owner(
                      "ApiUser",
                      u.getMetadata().getName(),
                      u.getMetadata().getUid(),
                      u.getSpec().enabledOrDefault(),
                      null));
    }
    return apps.get(new ResourceID(credential.getSpec().getApplication(), namespace))
        .filter(a -> a.getMetadata().getDeletionTimestamp() == null)
        .map(
            a ->
                new Owner(
                    "Application",
                    a.getMetadata().getName(),
                    a.getMetadata().getUid(),
                    a.getSpec().enabledOrDefault(),
                    a.getStatus() == null ? null : a.getStatus().getAppId()));
  }

  @Override
  public UpdateControl<SigningCredential> reconcile(
      SigningCredential credential, Context<SigningCredential> context) {
    SigningCredentialStatus before =
        credential.getStatus() == null ? new SigningCredentialStatus() : credential.getStatus();
    ObservedSigningCredential observed = observe(credential, before);
    DecisionChain.Decision decision = SigningChecks.CHAIN.decide(observed);
    SigningChecks.Judgement judged =
        SigningChecks.keepsKey(decision)
            ? keepKey(observed, decision)
            : SigningChecks.withoutKey(decision);

    SigningCredentialStatus status = observed.status();
    conditions.rebuild(
        status, credential.getMetadata().getGeneration(), judged.phase(), judged.conditions());
    if (!Objects.equals(before.getPhase(), status.getPhase())) {
      EventTable.forSigningReady(judged.verdict())
          .ifPresent(event -> events.record(credential, event.reason(), event.message()));
    }
    return StatusPatch.ifChanged(credential, before, status, SigningCredential::new, context);
  }

  /** Gathers what the decision needs from the caches; no API call. */
  private ObservedSigningCredential observe(
      SigningCredential credential, SigningCredentialStatus before) {
    SigningCredentialStatus status = Serialization.clone(before);
    status.setKey(credential.getMetadata().getUid());
    status.setSecretName(KeywardNames.signingSecretName(credential));
    return new ObservedSigningCredential(credential, status, owner(credential), clock.instant());
  }

  /**
   * Keeps the key in the Secret (and, for HS256, the verifier's copy), records what happened to it
   * as an Event, and judges the outcome.
   */
  private SigningChecks.Judgement keepKey(
      ObservedSigningCredential observed, DecisionChain.Decision decision) {
    SigningCredential credential = observed.credential();
    Map<String, String> extra = new LinkedHashMap<>();
    String clientId = observed.owner().orElseThrow().clientId();
    if (clientId != null) {
      extra.put(KeywardNames.APP_ID_DATA_KEY, clientId);
      extra.put(KeywardNames.TOKEN_ENDPOINT_DATA_KEY, tokenEndpoint);
    }
    SigningKeyKeeper.Result kept = keys.ensure(credential, observed.rotateRequest(), extra);
    kept.material().ifPresent(material -> recordKeyEvent(credential, kept.outcome(), material));
    return SigningChecks.afterKey(observed, decision, kept);
  }

  private void recordKeyEvent(
      SigningCredential credential, SigningKeyKeeper.Outcome outcome, SigningKeyMaterial material) {
    switch (outcome) {
      case ISSUED -> events.record(credential, Reason.KeyIssued, keyMessage("issued", material));
      case ROTATED ->
          events.record(credential, Reason.KeyRotated, keyMessage("rotated to", material));
      case REISSUED ->
          events.record(
              credential,
              Reason.KeyReissued,
              keyMessage("the Secret was deleted or edited: reissued", material));
      case UNCHANGED, SECRET_CONFLICT -> {}
    }
  }

  private static String keyMessage(String what, SigningKeyMaterial material) {
    return what + " " + material.algorithm() + " key " + material.keyId();
  }

  @Override
  public DeleteControl cleanup(SigningCredential credential, Context<SigningCredential> context) {
    if ("HS256".equals(credential.getSpec().getAlgorithm())) {
      keys.forget(credential);
    }
    return DeleteControl.defaultDelete();
  }

  @Override
  public ErrorStatusUpdateControl<SigningCredential> updateErrorStatus(
      SigningCredential credential, Context<SigningCredential> context, Exception e) {
    return ErrorStatus.report(
        credential, SigningCredentialStatus::new, SigningCredential::new, conditions, context, e);
  }
}
