package dev.keyward.signing;

import dev.keyward.api.KeywardNames;
import dev.keyward.api.SigningCredential;
import dev.keyward.secret.SecretStore;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a SigningCredential's key in its Secret, the only place the private key lives: issues one
 * when there is none, adopts the one there (after a crash before the status write, the Secret is
 * the truth), reissues when the Secret was deleted or edited, rotates once per new value of the
 * rotate annotation (recorded in the Secret, so a crash never rotates twice), and never overwrites
 * a Secret it does not own. For HS256 it also keeps the operator-owned copy of the secret in the
 * operator's namespace, which the verifier reads.
 */
public final class SigningKeyKeeper {

  /** What happened to the key in this pass. */
  public enum Outcome {
    UNCHANGED,
    ISSUED,
    ROTATED,
    REISSUED,
    SECRET_CONFLICT
  }

  /** The key now in the Secret (empty on conflict), when it was issued, and what happened. */
  public record Result(Outcome outcome, Optional<SigningKeyMaterial> material, String issuedAt) {}

  private final SecretStore secrets;
  private final Clock clock;
  private final String recordsNamespace;

  public SigningKeyKeeper(SecretStore secrets, Clock clock, String recordsNamespace) {
    this.secrets = secrets;
    this.clock = clock;
    this.recordsNamespace = recordsNamespace;
  }

  /**
   * Ensures the Secret holds a key of the credential's algorithm. {@code rotateRequest}: the
   * current keyward.dev/rotate value, or null; {@code extraData}: non-secret values written beside
   * the key (client id, token endpoint).
   */
  public Result ensure(
      SigningCredential credential, String rotateRequest, Map<String, String> extraData) {
    String namespace = credential.getMetadata().getNamespace();
    String name = KeywardNames.signingSecretName(credential);
    SigningAlgorithm algorithm =
        SigningAlgorithm.parse(credential.getSpec().getAlgorithm()).orElse(SigningAlgorithm.EdDSA);
    Optional<Secret> existing = secrets.read(namespace, name);
    if (existing.isPresent() && !SecretStore.ownedBy(existing.get(), credential)) {
      return new Result(Outcome.SECRET_CONFLICT, Optional.empty(), null);
    }
    Optional<SigningKeyMaterial> kept = existing.flatMap(s -> intact(s, credential, algorithm));
    String rotatedFor =
        existing.map(s -> annotation(s, KeywardNames.ROTATED_FOR_ANNOTATION)).orElse(null);
    boolean rotateDue = rotateRequest != null && !rotateRequest.equals(rotatedFor);
    if (kept.isPresent() && !rotateDue) {
      Secret secret = existing.get();
      if (!extraData.entrySet().stream()
          .allMatch(
              e ->
                  SecretStore.value(secret, e.getKey()).filter(e.getValue()::equals).isPresent())) {
        write(
            credential,
            existing,
            name,
            kept.get(),
            rotatedFor,
            annotation(secret, KeywardNames.ISSUED_AT_ANNOTATION),
            extraData);
      }
      keepRecord(credential, kept.get());
      return new Result(
          Outcome.UNCHANGED, kept, annotation(secret, KeywardNames.ISSUED_AT_ANNOTATION));
    }
    SigningKeyMaterial fresh = SigningKeyMaterial.generate(algorithm);
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    write(
        credential, existing, name, fresh, rotateDue ? rotateRequest : rotatedFor, now, extraData);
    keepRecord(credential, fresh);
    Outcome outcome =
        existing.isEmpty() ? Outcome.ISSUED : kept.isPresent() ? Outcome.ROTATED : Outcome.REISSUED;
    return new Result(outcome, Optional.of(fresh), now);
  }

  /** Removes the HS256 record of a credential that is going away. */
  public void forget(SigningCredential credential) {
    secrets.delete(recordsNamespace, KeywardNames.signingRecordSecretName(credential));
  }

  private void write(
      SigningCredential credential,
      Optional<Secret> existing,
      String name,
      SigningKeyMaterial material,
      String rotatedFor,
      String issuedAt,
      Map<String, String> extraData) {
    Map<String, String> data = new LinkedHashMap<>(extraData);
    data.putAll(material.secretData(credential.getMetadata().getUid()));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(KeywardNames.KEY_ID_ANNOTATION, material.keyId());
    annotations.put(KeywardNames.ISSUED_AT_ANNOTATION, issuedAt);
    if (rotatedFor != null) {
      annotations.put(KeywardNames.ROTATED_FOR_ANNOTATION, rotatedFor);
    }
    secrets.write(
        credential,
        existing,
        name,
        "Opaque",
        data,
        material.secretMaterial(),
        null,
        Map.of(),
        annotations);
  }

  /** HS256: the verifier's copy of the secret, in the operator's namespace, follows the Secret. */
  private void keepRecord(SigningCredential credential, SigningKeyMaterial material) {
    if (material.hmacSecret().isEmpty()) {
      return;
    }
    String name = KeywardNames.signingRecordSecretName(credential);
    Optional<Secret> record = secrets.read(recordsNamespace, name);
    boolean current =
        record.isPresent()
            && KeywardNames.isSigningRecordOf(record.get(), credential)
            && material.keyId().equals(annotation(record.get(), KeywardNames.KEY_ID_ANNOTATION))
            && SecretStore.value(record.get(), SigningKeyMaterial.SECRET_DATA_KEY)
                .equals(material.hmacSecret());
    if (current) {
      return;
    }
    secrets.writeUnowned(
        SigningCredential.class.getSimpleName(),
        recordsNamespace,
        record,
        name,
        "Opaque",
        Map.of(SigningKeyMaterial.SECRET_DATA_KEY, material.hmacSecret().get()),
        material.hmacSecret().get(),
        KeywardNames.signingRecordLabels(credential),
        Map.of(KeywardNames.KEY_ID_ANNOTATION, material.keyId()));
  }

  /** The key in the Secret, if Keyward wrote it unchanged for this very credential. */
  private static Optional<SigningKeyMaterial> intact(
      Secret secret, SigningCredential credential, SigningAlgorithm algorithm) {
    Optional<String> key = SecretStore.value(secret, SigningKeyMaterial.KEY_DATA_KEY);
    if (!key.equals(Optional.of(credential.getMetadata().getUid()))) {
      return Optional.empty();
    }
    return SigningKeyMaterial.read(dataKey -> SecretStore.value(secret, dataKey))
        .filter(m -> m.algorithm() == algorithm)
        .filter(m -> Objects.equals(m.keyId(), annotation(secret, KeywardNames.KEY_ID_ANNOTATION)))
        .filter(m -> SecretStore.writtenByKeyward(secret, m.secretMaterial()));
  }

  private static String annotation(Secret secret, String name) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
