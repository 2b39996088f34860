package dev.keyward.verify;

import dev.keyward.api.ApiToken;
import dev.keyward.cache.ControllerCache;
import dev.keyward.cache.IndexedPrunedItemStore;
import dev.keyward.cache.ListPages;
import dev.keyward.cache.VerificationItemStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;

/**
 * The ApiTokens verification reads, indexed by key digest: on a replica that also reconciles, the
 * apitoken controller's own cache (one cache of tokens per process); on a verifier-only replica, an
 * informer of its own that keeps only what verification reads.
 */
interface VerificationTokens extends AutoCloseable {

  /**
   * The tokens holding a key with this digest, current or in grace, with the memo verification
   * keeps on them; null when no token holds it.
   */
  IndexedPrunedItemStore.Entry<ApiToken> byDigest(String digest);

  Optional<ApiToken> get(String namespace, String name);

  int size();

  /** True while the tokens are synced and watched: only then do answers follow the cluster. */
  boolean isCurrent();

  @Override
  void close();

  /** An informer of the verifier's own, over all namespaces, keeping only what verifying reads. */
  static VerificationTokens informer(KubernetesClient client) {
    VerificationItemStore store = new VerificationItemStore();
    SharedIndexInformer<ApiToken> informer =
        client
            .resources(ApiToken.class)
            .inAnyNamespace()
            .withLimit(ListPages.SIZE)
            .runnableInformer(0)
            .itemStore(store)
            .run();
    return new VerificationTokens() {
      @Override
      public IndexedPrunedItemStore.Entry<ApiToken> byDigest(String digest) {
        return store.entry(digest);
      }

      @Override
      public Optional<ApiToken> get(String namespace, String name) {
        return Optional.ofNullable(store.get(namespace + "/" + name));
      }

      @Override
      public int size() {
        return store.size();
      }

      @Override
      public boolean isCurrent() {
        return informer.hasSynced() && informer.isWatching();
      }

      @Override
      public void close() {
        informer.close();
      }
    };
  }

  /**
   * The apitoken controller's cache, whose store indexes the tokens by key digest. The controller
   * owns the informer: closing this closes nothing.
   */
  static VerificationTokens controllerCache(ControllerCache<ApiToken> cache) {
    return new VerificationTokens() {
      @Override
      public IndexedPrunedItemStore.Entry<ApiToken> byDigest(String digest) {
        return cache.entry(digest);
      }

      @Override
      public Optional<ApiToken> get(String namespace, String name) {
        return cache.get(namespace, name);
      }

      @Override
      public int size() {
        return cache.size();
      }

      @Override
      public boolean isCurrent() {
        return cache.isCurrent();
      }

      @Override
      public void close() {}
    };
  }
}
