package dev.keyward.cache;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.Condition;
import dev.keyward.api.CredentialStatus;
import dev.keyward.api.KeyHash;
import dev.keyward.api.KeywardStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Interns the strings of cached objects, in place, so that each distinct value is held once: what
 * repeats across objects (namespace, owner, labels, condition types, reasons and messages,
 * timestamps of the same second) and what the caches of one credential share (its name, uid,
 * resource version and key digest, cached as a token, as a slimmed token for verification and as
 * the owner of its Secret). Ten thousand tokens otherwise hold about ninety strings each.
 */
public final class Interning {

  private Interning() {}

  /**
   * The store key of an object ("namespace/name"), interned: a token and its Secret, in three
   * caches, share one.
   */
  public static String key(HasMetadata obj) {
    return Cache.metaNamespaceKeyFunc(obj).intern();
  }

  /** Interns the metadata, and for Keyward resources the status (and a token's spec). */
  public static void intern(HasMetadata obj) {
    metadata(obj.getMetadata());
    sharedEmptyExtras(obj);
    if (obj instanceof ApiToken token) {
      spec(token.getSpec());
    }
    if (obj instanceof CustomResource<?, ?> resource
        && resource.getStatus() instanceof KeywardStatus status) {
      status(status);
    }
  }

  /** A cached Secret's unknown properties, nearly always none, as the shared empty map. */
  static void sharedEmptyExtras(HasMetadata obj) {
    if (obj instanceof Secret secret) {
      secret.setAdditionalProperties(extras(secret.getAdditionalProperties()));
    }
  }

  static void metadata(ObjectMeta m) {
    if (m == null) {
      return;
    }
    m.setName(s(m.getName()));
    m.setNamespace(s(m.getNamespace()));
    m.setUid(s(m.getUid()));
    m.setResourceVersion(s(m.getResourceVersion()));
    m.setCreationTimestamp(s(m.getCreationTimestamp()));
    m.setLabels(map(m.getLabels()));
    m.setAnnotations(map(m.getAnnotations()));
    m.setAdditionalProperties(extras(m.getAdditionalProperties()));
    if (m.getFinalizers() != null && !m.getFinalizers().isEmpty()) {
      m.setFinalizers(list(m.getFinalizers()));
    }
    if (m.getOwnerReferences() != null) {
      for (OwnerReference r : m.getOwnerReferences()) {
        r.setApiVersion(s(r.getApiVersion()));
        r.setKind(s(r.getKind()));
        r.setName(s(r.getName()));
        r.setUid(s(r.getUid()));
        r.setAdditionalProperties(extras(r.getAdditionalProperties()));
      }
    }
  }

  private static void spec(ApiTokenSpec spec) {
    if (spec == null) {
      return;
    }
    spec.setUser(s(spec.getUser()));
    spec.setScopes(list(spec.getScopes()));
  }

  private static void status(KeywardStatus status) {
    status.setPhase(s(status.getPhase()));
    if (status.getConditions() != null) {
      for (Condition c : status.getConditions()) {
        c.setType(s(c.getType()));
        c.setStatus(s(c.getStatus()));
        c.setReason(s(c.getReason()));
        c.setMessage(s(c.getMessage()));
        c.setLastTransitionTime(s(c.getLastTransitionTime()));
      }
    }
    if (status instanceof CredentialStatus credential) {
      credential.setSecretName(s(credential.getSecretName()));
      credential.setExpiresAt(s(credential.getExpiresAt()));
      credential.setRotatedAt(s(credential.getRotatedAt()));
      key(credential.getKey());
      if (credential.getPreviousKeys() != null) {
        credential.getPreviousKeys().forEach(Interning::key);
      }
    }
    if (status instanceof ApiTokenStatus token) {
      token.setId(s(token.getId()));
      token.setOwner(s(token.getOwner()));
      token.setApprovedScopes(list(token.getApprovedScopes()));
      token.setLastUsedAt(s(token.getLastUsedAt()));
    }
  }

  static void key(KeyHash key) {
    if (key == null) {
      return;
    }
    key.setAlgorithm(s(key.getAlgorithm()));
    key.setDigest(s(key.getDigest()));
    key.setHint(s(key.getHint()));
    key.setIssuedAt(s(key.getIssuedAt()));
    key.setValidUntil(s(key.getValidUntil()));
  }

  /**
   * Labels or annotations with their strings interned, as a compact immutable map (an empty one is
   * the shared empty map). Cached objects are read, never edited: an edit throws instead of
   * changing the cache.
   */
  @SuppressWarnings("unchecked")
  static Map<String, String> map(Map<String, String> values) {
    if (values == null) {
      return null;
    }
    Map.Entry<String, String>[] interned = new Map.Entry[values.size()];
    int i = 0;
    for (Map.Entry<String, String> e : values.entrySet()) {
      interned[i++] = Map.entry(s(e.getKey()), s(e.getValue()));
    }
    return Map.ofEntries(interned);
  }

  /**
   * The properties the model does not know (deserialization gives every model object a map of them,
   * nearly always empty): an empty one becomes the shared empty map, which costs nothing per
   * object.
   */
  static Map<String, Object> extras(Map<String, Object> values) {
    return values == null || values.isEmpty() ? Map.of() : values;
  }

  /** A mutable list, as deserialization gives: callers may still edit what they were handed. */
  static List<String> list(List<String> values) {
    if (values == null) {
      return null;
    }
    List<String> interned = new ArrayList<>(values.size());
    values.forEach(v -> interned.add(s(v)));
    return interned;
  }

  static String s(String value) {
    return value == null ? null : value.intern();
  }
}
