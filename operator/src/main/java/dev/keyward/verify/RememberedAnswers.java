package dev.keyward.verify;

import dev.keyward.api.ApiToken;
import dev.keyward.cache.IndexedPrunedItemStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers already given for a key digest, kept on the token index's entry for that digest and
 * reused only while nothing they were made from has changed: the entry is replaced (memo and all)
 * whenever a token holding the digest changes, its status included; no ApiUser in the namespace of
 * a token holding the digest may have been stored or removed since (the owner's state, and who
 * holds a username, depend on the users of that namespace only); and the key must not have expired.
 * Anything else is decided afresh, so a revoked or disabled credential stops exactly when it would
 * without this memory. A tenant changing its own users makes only its own namespace's answers be
 * decided afresh. Holds no secret: the identity answered.
 */
final class RememberedAnswers {

  private record Answer(long usersVersion, Optional<Identity> identity) {}

  /** Per namespace, a count of the changes to its ApiUsers; only ever grows. */
  private final Map<String, AtomicLong> usersVersions = new ConcurrentHashMap<>();

  /**
   * Called after every change to the cached ApiUsers, with the changed user's store key ({@code
   * namespace/name}).
   */
  void usersChanged(String userKey) {
    int slash = userKey.indexOf('/');
    String namespace = slash < 0 ? "" : userKey.substring(0, slash);
    usersVersions.computeIfAbsent(namespace, n -> new AtomicLong()).incrementAndGet();
  }

  /**
   * The version of the users these tokens' answers depend on, to read before deciding and to
   * remember the answer with: the sum of the change counts of the tokens' namespaces (each only
   * grows, so the sum changes whenever any of them does).
   */
  long usersVersion(IndexedPrunedItemStore.Entry<ApiToken> tokens) {
    List<ApiToken> holders = tokens.objects();
    if (holders.size() == 1) {
      return usersVersion(holders.get(0).getMetadata().getNamespace());
    }
    return holders.stream()
        .map(token -> token.getMetadata().getNamespace())
        .distinct()
        .mapToLong(this::usersVersion)
        .sum();
  }

  private long usersVersion(String namespace) {
    AtomicLong version = usersVersions.get(namespace);
    return version == null ? 0 : version.get();
  }

  /**
   * The identity answered before for these tokens, if that answer still holds: the users are at
   * {@code usersVersion} and the key has not expired at {@code now}. Empty means "decide".
   */
  Optional<Identity> reusable(
      IndexedPrunedItemStore.Entry<ApiToken> tokens, long usersVersion, Instant now) {
    if (!(tokens.memo() instanceof Answer answer) || answer.usersVersion() != usersVersion) {
      return Optional.empty();
    }
    Instant expiresAt = answer.identity().get().expiresAt();
    return expiresAt == null || now.isBefore(expiresAt) ? answer.identity() : Optional.empty();
  }

  /** Remembers what these tokens answered when the users were at {@code usersVersion}. */
  void remember(
      IndexedPrunedItemStore.Entry<ApiToken> tokens, long usersVersion, Identity identity) {
    tokens.memo(new Answer(usersVersion, Optional.of(identity)));
  }
}
