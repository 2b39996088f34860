package dev.keyward.reconciler;

import dev.keyward.api.ApiUser;
import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import dev.keyward.api.SigningCredential;
import dev.keyward.api.SigningCredentialStatus;
import dev.keyward.cache.PrunedItemStore;
import dev.keyward.event.EventRecorder;
import dev.keyward.event.Reason;
import dev.keyward.reconciler.SigningOwnerCheck.Owner;
import dev.keyward.secret.ManagedSecrets;
import dev.keyward.signing.SigningKeyKeeper;
import dev.keyward.signing.SigningKeyMaterial;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.Phase;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reconciles SigningCredentials: finds the owner (an ApiUser or Application of the same namespace,
 * by name — no other namespace can be named), keeps the key in the Secret through {@link
 * SigningKeyKeeper}, and publishes the public half, key id and owner's uid in status for the
 * verifier. The HS256 copy in the operator's namespace is removed with the credential.
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
                .build(),
            context);
    apps =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Application.class, SigningCredential.class)
                .withSecondaryToPrimaryMapper(
                    (Application a) -> credentialsOf("Application", a, context))
                .withItemStore(new PrunedItemStore<>())
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
    SigningCredentialStatus status = Serialization.clone(before);
    long generation = credential.getMetadata().getGeneration();
    status.setKey(credential.getMetadata().getUid());
    status.setSecretName(KeywardNames.signingSecretName(credential));
    String ownerText =
        (credential.getSpec().getUser() != null ? "ApiUser " : "Application ")
            + ownerKey(credential).substring(ownerKey(credential).lastIndexOf('/') + 1);
    String rotateRequest = annotation(credential, KeywardNames.ROTATE_ANNOTATION);
    boolean rotateDue =
        rotateRequest != null && !rotateRequest.equals(status.getLastRotationRequest());

    Optional<Owner> owner = owner(credential);
    Optional<SigningOwnerCheck.Blocked> blocked =
        SigningOwnerCheck.check(ownerText, owner, status.getOwner(), rotateDue);
    if (blocked.isPresent()) {
      SigningOwnerCheck.Blocked b = blocked.get();
      conditions.set(status, generation, "KeyReady", false, b.reason().name(), b.message());
      return finish(credential, context, before, status, b.phase(), b.reason(), b.message());
    }

    Map<String, String> extra = new LinkedHashMap<>();
    if (owner.get().clientId() != null) {
      extra.put(KeywardNames.APP_ID_DATA_KEY, owner.get().clientId());
      extra.put(KeywardNames.TOKEN_ENDPOINT_DATA_KEY, tokenEndpoint);
    }
    SigningKeyKeeper.Result result = keys.ensure(credential, rotateRequest, extra);
    if (result.outcome() == SigningKeyKeeper.Outcome.SECRET_CONFLICT) {
      String message =
          "Secret "
              + status.getSecretName()
              + " exists and is not owned by this SigningCredential; Keyward does not overwrite"
              + " it: delete it or set spec.secretName";
      conditions.set(status, generation, "KeyReady", false, "SecretConflict", message);
      return finish(
          credential, context, before, status, Phase.Invalid, Reason.SecretConflict, message);
    }
    SigningKeyMaterial material = result.material().orElseThrow();
    status.setOwner(owner.get().uid());
    status.setOwnerKind(owner.get().kind());
    status.setClientId(owner.get().clientId());
    status.setAlgorithm(material.algorithm().name());
    status.setKeyId(material.keyId());
    status.setPublicKey(material.publicKeyPem().orElse(null));
    status.setJwk(material.publicJwk().orElse(null));
    status.setIssuedAt(result.issuedAt());
    if (rotateRequest != null) {
      status.setLastRotationRequest(rotateRequest);
    }
    switch (result.outcome()) {
      case ISSUED -> events.record(credential, Reason.KeyIssued, keyMessage("issued", material));
      case ROTATED -> {
        status.setRotatedAt(now());
        events.record(credential, Reason.KeyRotated, keyMessage("rotated to", material));
      }
      case REISSUED ->
          events.record(
              credential,
              Reason.KeyReissued,
              keyMessage("the Secret was deleted or edited: reissued", material));
      default -> {}
    }
    conditions.set(
        status,
        generation,
        "KeyReady",
        true,
        "KeyInSecret",
        "the " + material.algorithm() + " key " + material.keyId() + " is in the Secret");
    if (!credential.getSpec().enabledOrDefault()) {
      return finish(
          credential,
          context,
          before,
          status,
          Phase.Disabled,
          Reason.Disabled,
          "spec.enabled is false: JWTs signed with this credential do not verify");
    }
    if (!owner.get().enabled()) {
      return finish(
          credential,
          context,
          before,
          status,
          Phase.Disabled,
          Reason.Disabled,
          ownerText + " is disabled: JWTs signed with this credential do not verify");
    }
    return finish(
        credential,
        context,
        before,
        status,
        Phase.Active,
        Reason.Activated,
        "JWTs with iss "
            + status.getKey()
            + " signed with key "
            + material.keyId()
            + " ("
            + material.algorithm()
            + ") verify for "
            + ownerText);
  }

  private UpdateControl<SigningCredential> finish(
      SigningCredential credential,
      Context<SigningCredential> context,
      SigningCredentialStatus before,
      SigningCredentialStatus status,
      Phase phase,
      Reason reason,
      String message) {
    long generation = credential.getMetadata().getGeneration();
    status.setPhase(phase.name());
    status.setObservedGeneration(generation);
    conditions.set(status, generation, "Ready", phase == Phase.Active, reason.name(), message);
    if (!Objects.equals(before.getPhase(), status.getPhase())) {
      events.record(credential, reason, message);
    }
    return StatusPatch.ifChanged(credential, before, status, SigningCredential::new, context);
  }

  private static String keyMessage(String what, SigningKeyMaterial material) {
    return what + " " + material.algorithm() + " key " + material.keyId();
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String annotation(HasMetadata resource, String name) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
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
