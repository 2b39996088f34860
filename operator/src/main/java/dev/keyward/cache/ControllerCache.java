package dev.keyward.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A controller's own cache of its primary resources, lent to readers outside the controller (the
 * verification index of a replica that also reconciles), so that one informer caches the kind
 * instead of one per reader. The controller is configured with {@link #store()}, which keeps one
 * index for the readers, and attaches its cache while it prepares its event sources, before its
 * informer starts: on every replica, leader or not, java-operator-sdk starts the informers and only
 * the leader reconciles. Until then the cache is not current.
 */
public final class ControllerCache<T extends HasMetadata> {

  private final IndexedPrunedItemStore<T> store;
  private volatile IndexerResourceCache<T> cache;

  public ControllerCache(IndexedPrunedItemStore<T> store) {
    this.store = store;
  }

  /** The item store to configure the controller's informer with. */
  public IndexedPrunedItemStore<T> store() {
    return store;
  }

  /** Called by the controller with its cache, before its informer starts. */
  public synchronized void attach(IndexerResourceCache<T> primary) {
    if (cache != null) {
      throw new IllegalStateException("the controller's cache is already attached");
    }
    cache = primary;
  }

  /** The entry under this key of the store's index, or null. */
  public IndexedPrunedItemStore.Entry<T> entry(String key) {
    return store.entry(key);
  }

  public Optional<T> get(String namespace, String name) {
    return Optional.ofNullable(store.get(namespace + "/" + name));
  }

  public int size() {
    return store.size();
  }

  /** True while every informer behind the cache has synced and is watching. */
  public boolean isCurrent() {
    Collection<InformerHealthIndicator> informers = informers();
    return !informers.isEmpty()
        && informers.stream().allMatch(i -> i.hasSynced() && i.isWatching());
  }

  private Collection<InformerHealthIndicator> informers() {
    return cache instanceof InformerWrappingEventSourceHealthIndicator<?> health
        ? health.informerHealthIndicators().values()
        : List.of();
  }
}
