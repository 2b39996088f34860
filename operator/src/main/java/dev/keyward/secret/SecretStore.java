package dev.keyward.secret;

import static dev.keyward.api.KeywardNames.DIGEST_ANNOTATION;
import static dev.keyward.api.KeywardNames.INTENT_ANNOTATION;
import static dev.keyward.api.KeywardNames.MANAGED_BY;
import static dev.keyward.api.KeywardNames.MANAGED_BY_LABEL;

import dev.keyward.api.KeywardNames;
import dev.keyward.credential.KeyHasher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes the Secrets that hold Keyward's plaintext. Reads go to the API server, not the
 * informer cache, so a Secret written a moment ago is never mistaken for a missing one.
 */
public final class SecretStore {

  private final KubernetesClient client;

  public SecretStore(KubernetesClient client) {
    this.client = client;
  }

  public Optional<Secret> read(String namespace, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
  }

  /** True when the Secret's controller owner reference points at this owner. */
  public static boolean ownedBy(Secret secret, HasMetadata owner) {
    return secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(r -> owner.getMetadata().getUid().equals(r.getUid()));
  }

  /** The decoded value of a data key, if present. */
  public static Optional<String> value(Secret secret, String dataKey) {
    if (secret.getData() != null && secret.getData().get(dataKey) != null) {
      return Optional.of(
          new String(
              Base64.getDecoder().decode(secret.getData().get(dataKey)), StandardCharsets.UTF_8));
    }
    if (secret.getStringData() != null) {
      return Optional.ofNullable(secret.getStringData().get(dataKey));
    }
    return Optional.empty();
  }

  /** Why Keyward wrote the credential in this Secret, if it recorded it. */
  public static Optional<String> intent(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return Optional.ofNullable(annotations == null ? null : annotations.get(INTENT_ANNOTATION));
  }

  /** True when the value's digest is the one Keyward wrote beside it: not edited by anyone. */
  public static boolean writtenByKeyward(Secret secret, String value) {
    String recorded =
        secret.getMetadata().getAnnotations() == null
            ? null
            : secret.getMetadata().getAnnotations().get(DIGEST_ANNOTATION);
    return recorded != null && recorded.equals(KeyHasher.digest(value));
  }

  /**
   * Creates or replaces the owner's Secret with the given data; {@code credential} is the value
   * whose digest is recorded beside it. Replacing uses the resource version read before, so a
   * concurrent change makes this fail and the reconcile retry.
   */
  public Secret write(
      HasMetadata owner,
      Optional<Secret> existing,
      String name,
      String type,
      Map<String, String> data,
      String credential,
      Map<String, String> templateLabels,
      Map<String, String> templateAnnotations) {
    return write(
        owner, existing, name, type, data, credential, null, templateLabels, templateAnnotations);
  }

  /**
   * As {@link #write(HasMetadata, Optional, String, String, Map, String, Map, Map)}, recording
   * beside the digest why the credential was written ({@code intent}, may be null).
   */
  public Secret write(
      HasMetadata owner,
      Optional<Secret> existing,
      String name,
      String type,
      Map<String, String> data,
      String credential,
      String intent,
      Map<String, String> templateLabels,
      Map<String, String> templateAnnotations) {
    return write(
        owner.getKind(),
        owner.getMetadata().getNamespace(),
        List.of(ownerReference(owner)),
        existing,
        name,
        type,
        data,
        credential,
        intent,
        templateLabels,
        templateAnnotations);
  }

  /**
   * As {@link #write(HasMetadata, Optional, String, String, Map, String, Map, Map)}, for a Secret
   * kept in another namespace than its owner's (the operator's own): no owner reference can point
   * across namespaces, so the labels must tie it to its owner and whoever removes the owner removes
   * the Secret.
   */
  public Secret writeUnowned(
      String ownerKind,
      String namespace,
      Optional<Secret> existing,
      String name,
      String type,
      Map<String, String> data,
      String credential,
      Map<String, String> labels,
      Map<String, String> annotations) {
    return write(
        ownerKind,
        namespace,
        List.of(),
        existing,
        name,
        type,
        data,
        credential,
        null,
        labels,
        annotations);
  }

  /** Deletes the Secret, if it still exists; true when it was there. */
  public boolean delete(String namespace, String name) {
    return !client.secrets().inNamespace(namespace).withName(name).delete().isEmpty();
  }

  private Secret write(
      String ownerKind,
      String namespace,
      List<OwnerReference> ownerReferences,
      Optional<Secret> existing,
      String name,
      String type,
      Map<String, String> data,
      String credential,
      String intent,
      Map<String, String> templateLabels,
      Map<String, String> templateAnnotations) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (templateLabels != null) {
      labels.putAll(templateLabels);
    }
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(KeywardNames.OWNER_KIND_LABEL, ownerKind);
    Map<String, String> annotations = new LinkedHashMap<>();
    if (templateAnnotations != null) {
      annotations.putAll(templateAnnotations);
    }
    annotations.put(DIGEST_ANNOTATION, KeyHasher.digest(credential));
    if (intent != null) {
      annotations.put(INTENT_ANNOTATION, intent);
    }
    Map<String, String> encoded = new HashMap<>();
    data.forEach(
        (k, v) ->
            encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(annotations)
            .withOwnerReferences(ownerReferences)
            .withResourceVersion(
                existing.map(s -> s.getMetadata().getResourceVersion()).orElse(null))
            .endMetadata()
            .withType(type)
            .withData(encoded)
            .build();
    var resource = client.secrets().inNamespace(namespace).resource(secret);
    return existing.isPresent() ? resource.update() : resource.create();
  }

  /** Re-applies template labels and annotations that someone removed or changed. */
  public boolean reapplyTemplate(
      Secret secret,
      String ownerKind,
      Map<String, String> templateLabels,
      Map<String, String> templateAnnotations) {
    Map<String, String> wantedLabels = new HashMap<>(orEmpty(templateLabels));
    wantedLabels.put(MANAGED_BY_LABEL, MANAGED_BY);
    wantedLabels.put(KeywardNames.OWNER_KIND_LABEL, ownerKind);
    boolean labelsOk = containsAll(secret.getMetadata().getLabels(), wantedLabels);
    boolean annotationsOk = containsAll(secret.getMetadata().getAnnotations(), templateAnnotations);
    if (labelsOk && annotationsOk) {
      return false;
    }
    client
        .secrets()
        .inNamespace(secret.getMetadata().getNamespace())
        .withName(secret.getMetadata().getName())
        .edit(
            s -> {
              Map<String, String> labels = new HashMap<>(orEmpty(s.getMetadata().getLabels()));
              labels.putAll(wantedLabels);
              Map<String, String> annotations =
                  new HashMap<>(orEmpty(s.getMetadata().getAnnotations()));
              annotations.putAll(orEmpty(templateAnnotations));
              s.getMetadata().setLabels(labels);
              s.getMetadata().setAnnotations(annotations);
              return s;
            });
    return true;
  }

  private static OwnerReference ownerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static boolean containsAll(Map<String, String> actual, Map<String, String> wanted) {
    return orEmpty(wanted).entrySet().stream()
        .allMatch(e -> e.getValue().equals(orEmpty(actual).get(e.getKey())));
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
