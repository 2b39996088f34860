package dev.keyward.verify;

import dev.keyward.KeywardNames;
import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiTokenStatus;
import dev.keyward.api.ApiUser;
import dev.keyward.api.KeyHash;
import dev.keyward.cache.IndexedInformers;
import dev.keyward.credential.KeyFormat;
import dev.keyward.credential.KeyHasher;
import dev.keyward.status.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Answers "is this key valid, and who is it?" from memory. Informers on ApiTokens and ApiUsers
 * (independent of leader election, so every replica answers) keep an index from key digest to
 * token; the decision also checks enabled state, owner, expiry and grace periods at the instant of
 * the request, so a change stops a key as soon as the informer sees it.
 */
public final class CredentialIndex implements AutoCloseable {

  static final String BY_DIGEST = "byDigest";
  static final String BY_USERNAME = "byUsername";

  private final SharedIndexInformer<ApiToken> tokens;
  private final SharedIndexInformer<ApiUser> users;
  private final Clock clock;

  CredentialIndex(
      SharedIndexInformer<ApiToken> tokens, SharedIndexInformer<ApiUser> users, Clock clock) {
    this.tokens = tokens;
    this.users = users;
    this.clock = clock;
  }

  public static CredentialIndex start(KubernetesClient client, Clock clock) {
    SharedIndexInformer<ApiUser> users =
        IndexedInformers.start(
            client,
            ApiUser.class,
            BY_USERNAME,
            u -> List.of(u.getMetadata().getNamespace() + "/" + KeywardNames.username(u)));
    SharedIndexInformer<ApiToken> tokens =
        IndexedInformers.start(client, ApiToken.class, BY_DIGEST, CredentialIndex::digestsOf);
    return new CredentialIndex(tokens, users, clock);
  }

  public boolean isSynced() {
    return tokens.hasSynced() && users.hasSynced();
  }

  /** Number of tokens indexed, for metrics and benchmarks. */
  public int size() {
    return tokens.getStore().list().size();
  }

  /** The cached ApiToken, as the verifier last saw it. */
  public Optional<ApiToken> token(String namespace, String name) {
    return Optional.ofNullable(tokens.getStore().getByKey(namespace + "/" + name));
  }

  /** The ApiUser with this username in the namespace, if any. */
  public Optional<ApiUser> userByUsername(String namespace, String username) {
    return users.getIndexer().byIndex(BY_USERNAME, namespace + "/" + username).stream().findFirst();
  }

  /**
   * The identity behind a presented key, or empty. Keys with a bad checksum are refused before any
   * lookup.
   */
  public Optional<Identity> verify(String presented) {
    if (!KeyFormat.hasValidChecksum(presented)) {
      return Optional.empty();
    }
    String digest = KeyHasher.digest(presented);
    Instant now = clock.instant();
    for (ApiToken token : tokens.getIndexer().byIndex(BY_DIGEST, digest)) {
      Optional<Identity> identity = evaluate(token, digest, now);
      if (identity.isPresent()) {
        return identity;
      }
    }
    return Optional.empty();
  }

  private Optional<Identity> evaluate(ApiToken token, String digest, Instant now) {
    ApiTokenStatus status = token.getStatus();
    if (status == null
        || !Phase.Active.name().equals(status.getPhase())
        || !token.getSpec().enabledOrDefault()
        || token.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    ApiUser user =
        users
            .getStore()
            .getByKey(token.getMetadata().getNamespace() + "/" + token.getSpec().getUser());
    if (user == null
        || !user.getSpec().enabledOrDefault()
        || user.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    if (!isCurrent(status, digest, now) && !isInGrace(status, digest, now)) {
      return Optional.empty();
    }
    return Optional.of(
        Identity.ofUser(
            user,
            "ApiToken",
            token.getMetadata().getName(),
            token.getMetadata().getUid(),
            token.getSpec().getScopes(),
            Optional.ofNullable(status.getKey().getIssuedAt()).map(Instant::parse).orElse(null),
            Optional.ofNullable(status.getExpiresAt()).map(Instant::parse).orElse(null)));
  }

  private static boolean isCurrent(ApiTokenStatus status, String digest, Instant now) {
    return status.getKey() != null
        && sameDigest(status.getKey(), digest)
        && (status.getExpiresAt() == null || now.isBefore(Instant.parse(status.getExpiresAt())));
  }

  private static boolean isInGrace(ApiTokenStatus status, String digest, Instant now) {
    return status.getPreviousKeys().stream()
        .anyMatch(
            k ->
                sameDigest(k, digest)
                    && k.getValidUntil() != null
                    && now.isBefore(Instant.parse(k.getValidUntil())));
  }

  private static boolean sameDigest(KeyHash record, String digest) {
    return KeyHasher.ALGORITHM.equals(record.getAlgorithm())
        && record.getDigest() != null
        && MessageDigest.isEqual(
            record.getDigest().getBytes(StandardCharsets.US_ASCII),
            digest.getBytes(StandardCharsets.US_ASCII));
  }

  private static List<String> digestsOf(ApiToken token) {
    List<String> digests = new ArrayList<>();
    if (token.getStatus() != null) {
      if (token.getStatus().getKey() != null) {
        digests.add(token.getStatus().getKey().getDigest());
      }
      token.getStatus().getPreviousKeys().forEach(k -> digests.add(k.getDigest()));
    }
    return digests;
  }

  @Override
  public void close() {
    tokens.close();
    users.close();
  }
}
