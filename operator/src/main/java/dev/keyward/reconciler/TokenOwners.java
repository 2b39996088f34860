package dev.keyward.reconciler;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Optional;

/**
 * How many ApiTokens name each ApiUser, answered from the apitoken controller's own cache (its
 * by-user index): the ApiUser controller keeps {@code status.tokenCount} from it, so ApiTokens are
 * cached once for both controllers instead of once each.
 */
public final class TokenOwners {

  /** The index the apitoken controller keeps on its cache: namespace/user of each token. */
  static final String BY_USER_INDEX = "byUser";

  private volatile IndexerResourceCache<ApiToken> tokens;

  /** Called by the apitoken controller with its cache, before its informer starts. */
  void attach(IndexerResourceCache<ApiToken> cache) {
    cache.addIndexer(
        BY_USER_INDEX,
        t -> java.util.List.of(key(t.getMetadata().getNamespace(), t.getSpec().getUser())));
    this.tokens = cache;
  }

  /** The tokens' cache, once the apitoken controller has attached it. */
  IndexerResourceCache<ApiToken> cache() {
    return tokens;
  }

  /**
   * The number of tokens naming this user, or empty while the token cache has not synced (a count
   * from a partial cache would be written and then corrected: two needless writes).
   */
  Optional<Integer> count(ApiUser user) {
    IndexerResourceCache<ApiToken> cache = tokens;
    if (cache == null || !synced(cache)) {
      return Optional.empty();
    }
    return Optional.of(
        cache
            .byIndex(
                BY_USER_INDEX, key(user.getMetadata().getNamespace(), user.getMetadata().getName()))
            .size());
  }

  private static boolean synced(IndexerResourceCache<ApiToken> cache) {
    return cache instanceof InformerWrappingEventSourceHealthIndicator<?> informers
        && !informers.informerHealthIndicators().isEmpty()
        && informers.informerHealthIndicators().values().stream().allMatch(i -> i.hasSynced());
  }

  static String key(String namespace, String user) {
    return namespace + "/" + user;
  }
}
