package dev.keyward.signing;

import dev.keyward.api.KeywardNames;
import dev.keyward.api.SigningCredential;
import dev.keyward.api.SigningCredentialSpec;
import dev.keyward.api.SigningCredentialStatus;
import dev.keyward.cache.ListPages;
import dev.keyward.cache.PrunedItemStore;
import dev.keyward.lifecycle.GoDuration;
import dev.keyward.secret.SecretStore;
import dev.keyward.status.Phase;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The usable SigningCredentials, from memory on every replica: an informer on SigningCredentials
 * indexed by key (the JWT iss) and by client id, and one on the HS256 signing records in the
 * operator's namespace (the only place the verifier reads a shared secret from). Only what the
 * operator judged counts: phase Active, the key and owner it recorded in status, the public key in
 * status; enabled state and deletion are judged at the instant of the request.
 */
public final class SigningCredentialIndex implements AutoCloseable {

  static final String BY_KEY = "byKey";
  static final String BY_CLIENT_ID = "byClientId";

  private final SharedIndexInformer<SigningCredential> credentials;
  private final SharedIndexInformer<Secret> records;
  private final String recordsNamespace;

  SigningCredentialIndex(
      SharedIndexInformer<SigningCredential> credentials,
      SharedIndexInformer<Secret> records,
      String recordsNamespace) {
    this.credentials = credentials;
    this.records = records;
    this.recordsNamespace = recordsNamespace;
  }

  /** Starts the informers; signing records are watched in {@code recordsNamespace} only. */
  public static SigningCredentialIndex start(KubernetesClient client, String recordsNamespace) {
    SharedIndexInformer<SigningCredential> credentials =
        client
            .resources(SigningCredential.class)
            .inAnyNamespace()
            .withIndexers(
                Map.of(
                    BY_KEY,
                    c -> List.of(c.getMetadata().getUid()),
                    BY_CLIENT_ID,
                    SigningCredentialIndex::clientIdOf))
            .withLimit(ListPages.SIZE)
            .runnableInformer(0)
            .itemStore(new PrunedItemStore<>())
            .run();
    SharedIndexInformer<Secret> records =
        client
            .secrets()
            .inNamespace(recordsNamespace)
            .withLabel(KeywardNames.MANAGED_BY_LABEL, KeywardNames.MANAGED_BY)
            .withLabel(KeywardNames.SIGNING_RECORD_LABEL, "true")
            .withLimit(ListPages.SIZE)
            .runnableInformer(0)
            .itemStore(new PrunedItemStore<>())
            .run();
    return new SigningCredentialIndex(credentials, records, recordsNamespace);
  }

  /** True while both informers have synced and are watching. */
  public boolean isCurrent() {
    return credentials.hasSynced()
        && records.hasSynced()
        && credentials.isWatching()
        && records.isWatching();
  }

  /** The usable credential whose key is {@code iss}. */
  public Optional<CredentialKey> byKey(String iss) {
    if (iss == null) {
      return Optional.empty();
    }
    return credentials.getIndexer().byIndex(BY_KEY, iss).stream()
        .map(this::usable)
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The usable credentials of the Application with this client id (appId). */
  public List<CredentialKey> byClientId(String clientId) {
    if (clientId == null) {
      return List.of();
    }
    return credentials.getIndexer().byIndex(BY_CLIENT_ID, clientId).stream()
        .map(this::usable)
        .flatMap(Optional::stream)
        .toList();
  }

  private Optional<CredentialKey> usable(SigningCredential credential) {
    SigningCredentialSpec spec = credential.getSpec();
    SigningCredentialStatus status = credential.getStatus();
    if (status == null
        || !Phase.Active.name().equals(status.getPhase())
        || !spec.enabledOrDefault()
        || credential.getMetadata().getDeletionTimestamp() != null
        // The key is the uid; a status naming another was not written by Keyward.
        || !credential.getMetadata().getUid().equals(status.getKey())
        || status.getKeyId() == null
        || status.getOwner() == null
        || !java.util.Objects.equals(spec.getAlgorithm(), status.getAlgorithm())) {
      return Optional.empty();
    }
    Optional<SigningAlgorithm> algorithm = SigningAlgorithm.parse(status.getAlgorithm());
    if (algorithm.isEmpty()) {
      return Optional.empty();
    }
    String secret = null;
    if (!algorithm.get().asymmetric()) {
      Optional<String> recorded = recordedSecret(credential, status.getKeyId());
      if (recorded.isEmpty()) {
        return Optional.empty();
      }
      secret = recorded.get();
    }
    try {
      return Optional.of(
          new CredentialKey(
              credential.getMetadata().getNamespace(),
              credential.getMetadata().getName(),
              status.getKey(),
              algorithm.get(),
              status.getKeyId(),
              SigningKeyMaterial.verifierFor(algorithm.get(), status.getJwk(), secret),
              maxLifetime(spec),
              status.getOwnerKind(),
              spec.getUser() != null ? spec.getUser() : spec.getApplication(),
              status.getOwner(),
              status.getClientId()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The HS256 secret from this credential's record, when the record holds the current key. */
  private Optional<String> recordedSecret(SigningCredential credential, String keyId) {
    Secret record =
        records
            .getStore()
            .getByKey(recordsNamespace + "/" + KeywardNames.signingRecordSecretName(credential));
    if (record == null
        || !KeywardNames.isSigningRecordOf(record, credential)
        || record.getMetadata().getAnnotations() == null
        || !keyId.equals(
            record.getMetadata().getAnnotations().get(KeywardNames.KEY_ID_ANNOTATION))) {
      return Optional.empty();
    }
    return SecretStore.value(record, SigningKeyMaterial.SECRET_DATA_KEY);
  }

  private static Duration maxLifetime(SigningCredentialSpec spec) {
    String value =
        spec.getMaxTokenLifetime() == null
            ? SigningCredentialSpec.DEFAULT_MAX_TOKEN_LIFETIME
            : spec.getMaxTokenLifetime();
    return GoDuration.parse(value);
  }

  private static List<String> clientIdOf(SigningCredential credential) {
    return credential.getStatus() == null || credential.getStatus().getClientId() == null
        ? List.of()
        : List.of(credential.getStatus().getClientId());
  }

  @Override
  public void close() {
    credentials.close();
    records.close();
  }
}
