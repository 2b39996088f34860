package dev.keyward.cache;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenSpec;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.KeyHash;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * The store of the verification index's ApiToken informer: it keeps only what answering a key needs
 * — identity and deletion, {@code spec.user}, {@code spec.enabled} and {@code spec.scopes}, and of
 * the status the phase, owner, approved scopes, expiry, the digests and validity of the current and
 * previous keys and the last use recorded — and drops the rest (conditions, description, Secret
 * template, labels, annotations, managed fields) before caching. Strings that repeat across tokens
 * (namespace, owner, phase, scopes) are interned, so ten thousand tokens of one user share them.
 * Indexed by key digest, like the apitoken controller's cache that it stands in for.
 */
public final class VerificationItemStore extends IndexedPrunedItemStore<ApiToken> {

  /** Indexed by the key digests the tokens hold. */
  public VerificationItemStore() {
    super(TokenDigests::of);
  }

  @Override
  protected void prepare(ApiToken obj) {
    slim(obj);
  }

  /** Strips a token down to what verification reads, in place. */
  public static void slim(ApiToken token) {
    ObjectMeta metadata = token.getMetadata();
    if (metadata != null) {
      metadata.setManagedFields(null);
      metadata.setAnnotations(null);
      metadata.setLabels(null);
      metadata.setOwnerReferences(null);
      metadata.setFinalizers(null);
      metadata.setCreationTimestamp(null);
      // Name, uid and resource version are the same strings the apitoken controller caches.
      Interning.metadata(metadata);
    }
    ApiTokenSpec spec = token.getSpec();
    if (spec != null) {
      ApiTokenSpec kept = new ApiTokenSpec();
      kept.setUser(intern(spec.getUser()));
      kept.setEnabled(spec.getEnabled());
      kept.setScopes(interned(spec.getScopes()));
      token.setSpec(kept);
    }
    ApiTokenStatus status = token.getStatus();
    if (status != null) {
      ApiTokenStatus kept = new ApiTokenStatus();
      kept.setPhase(intern(status.getPhase()));
      kept.setOwner(intern(status.getOwner()));
      kept.setApprovedScopes(interned(status.getApprovedScopes()));
      kept.setExpiresAt(intern(status.getExpiresAt()));
      // The last use recorded, which the last-use writer reads to write at most once per interval
      // across replicas.
      kept.setLastUsedAt(intern(status.getLastUsedAt()));
      kept.setKey(slim(status.getKey()));
      List<KeyHash> previous = new ArrayList<>(status.getPreviousKeys().size());
      status.getPreviousKeys().forEach(k -> previous.add(slim(k)));
      kept.setPreviousKeys(previous);
      kept.setConditions(List.of());
      token.setStatus(kept);
    }
  }

  private static KeyHash slim(KeyHash key) {
    if (key == null) {
      return null;
    }
    KeyHash kept = new KeyHash();
    kept.setAlgorithm(intern(key.getAlgorithm()));
    kept.setDigest(intern(key.getDigest()));
    kept.setIssuedAt(intern(key.getIssuedAt()));
    kept.setValidUntil(intern(key.getValidUntil()));
    return kept;
  }

  private static List<String> interned(List<String> values) {
    return values == null ? null : values.stream().map(VerificationItemStore::intern).toList();
  }

  private static String intern(String value) {
    return value == null ? null : value.intern();
  }
}
