package dev.keyward.cache;

import dev.keyward.credential.KeyHasher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An informer store for resources the operator only needs to be told about, never to read: it keeps
 * the identity of each object (name, namespace, uid, resource version, owner references, deletion
 * timestamp and Keyward's own labels) and drops everything else before caching — a Secret's {@code
 * data} above all, so the operator's heap holds no plaintext key from its caches. Of a Secret's
 * data only the SHA-256 digest of each value is kept (see {@link #dataDigest}), the same digest a
 * status records for a key: enough to tell, without reading the Secret, that it still holds the key
 * the status records. Whoever needs the content reads it from the API server. Objects a tenant
 * labels into the cache cost only their identity.
 *
 * <p>Two kinds keep a little more, because reconciles read it from the cache: a RoleBinding its
 * {@code roleRef} and at most two subjects (Keyward's bindings name one, so two tell a changed one
 * apart), a Namespace all its labels (role map entries select projects by them).
 *
 * <p>The fabric8 client of this release has no metadata-only ({@code PartialObjectMetadata}) watch,
 * so the content still crosses the wire; it is dropped on arrival, before the informer stores the
 * object or hands it to an event handler.
 */
public final class MetadataOnlyItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  /** Label keys kept: those Keyward selects and maps by. */
  private static final String KEYWARD_LABEL_PREFIX = "keyward.dev/";

  private static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  /**
   * Prefix of the cache-only annotations that carry the digests of a cached Secret's data values.
   * Every annotation the API server sent is dropped before these are set, so none can be forged.
   */
  static final String DATA_DIGEST_PREFIX = "keyward.dev/cached-data-sha256.";

  public MetadataOnlyItemStore() {
    super(Interning::key);
  }

  @Override
  public T put(String key, T obj) {
    dropContent(obj);
    return super.put(key, obj);
  }

  /** Strips an object down to its identity, in place. */
  public static void dropContent(HasMetadata obj) {
    Map<String, String> digests = new LinkedHashMap<>();
    if (obj instanceof Secret secret) {
      if (secret.getData() != null) {
        secret
            .getData()
            .forEach(
                (key, value) -> {
                  if (value != null) {
                    // Interned: the same digest is in the status record of the key.
                    digests.put(
                        (DATA_DIGEST_PREFIX + key).intern(),
                        KeyHasher.digest(
                                new String(
                                    Base64.getDecoder().decode(value), StandardCharsets.UTF_8))
                            .intern());
                  }
                });
      }
      secret.setData(null);
      secret.setStringData(null);
    } else if (obj instanceof ServiceAccount account) {
      account.setSecrets(null);
      account.setImagePullSecrets(null);
    } else if (obj instanceof RoleBinding binding && binding.getSubjects() != null) {
      // Keyward's bindings name one subject; two are enough to see that one differs.
      binding.setSubjects(
          List.copyOf(binding.getSubjects().subList(0, Math.min(2, binding.getSubjects().size()))));
    } else if (obj instanceof Namespace namespace) {
      namespace.setSpec(null);
      namespace.setStatus(null);
    }
    ObjectMeta metadata = obj.getMetadata();
    if (metadata != null) {
      // Empty, not null: java-operator-sdk reads annotations of every object it is told about.
      metadata.setAnnotations(digests);
      metadata.setManagedFields(null);
      // A namespace keeps all its labels: role map entries select projects by them.
      if (!(obj instanceof Namespace)) {
        metadata.setLabels(keywardLabels(metadata.getLabels()));
      }
      Interning.metadata(metadata);
    }
    Interning.sharedEmptyExtras(obj);
  }

  /**
   * The SHA-256 digest (hex, as {@link KeyHasher#digest}) of a data value of a Secret from this
   * store, if the Secret had that key; empty for a Secret that was not cached here.
   */
  public static Optional<String> dataDigest(Secret cached, String dataKey) {
    Map<String, String> annotations = cached.getMetadata().getAnnotations();
    return Optional.ofNullable(
        annotations == null ? null : annotations.get(DATA_DIGEST_PREFIX + dataKey));
  }

  private static Map<String, String> keywardLabels(Map<String, String> labels) {
    Map<String, String> kept = new LinkedHashMap<>();
    if (labels == null) {
      return kept;
    }
    labels.forEach(
        (k, v) -> {
          if (k.startsWith(KEYWARD_LABEL_PREFIX) || k.equals(MANAGED_BY_LABEL)) {
            kept.put(k, v);
          }
        });
    return kept;
  }
}
