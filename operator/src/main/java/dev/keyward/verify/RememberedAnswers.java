package dev.keyward.verify;

import dev.keyward.api.ApiToken;
import dev.keyward.cache.IndexedPrunedItemStore;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers already given for a key digest, kept on the token index's entry for that digest and
 * reused only while nothing they were made from has changed: the entry is replaced (memo and all)
 * whenever a token holding the digest changes, its status included; no ApiUser may have been stored
 * or removed since (the owner's state, and who holds a username, depend on all of them); and the
 * key must not have expired. Anything else is decided afresh, so a revoked or disabled credential
 * stops exactly when it would without this memory. Holds no secret: the identity answered.
 */
final class RememberedAnswers {

  private record Answer(long usersVersion, Optional<Identity> identity) {}

  private final AtomicLong usersVersion = new AtomicLong();

  /** Called after every change to the cached ApiUsers. */
  void usersChanged() {
    usersVersion.incrementAndGet();
  }

  /** The version of the ApiUsers to read before deciding, and to remember the answer with. */
  long usersVersion() {
    return usersVersion.get();
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
