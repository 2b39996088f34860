package dev.keyward.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A controller's own cache of its primary resources, lent to readers outside the controller (the
 * verification index of a replica that also reconciles), so that one informer caches the kind
 * instead of one per reader. The controller attaches the cache while it prepares its event sources,
 * before its informer starts: on every replica, leader or not, java-operator-sdk starts the
 * informers and only the leader reconciles. Until then every lookup finds nothing and the cache is
 * not current.
 */
public final class ControllerCache<T extends HasMetadata> {

  private volatile IndexerResourceCache<T> cache;

  /** Called by the controller with its cache, before its informer starts. */
  public synchronized void attach(IndexerResourceCache<T> primary) {
    if (cache != null) {
      throw new IllegalStateException("the controller's cache is already attached");
    }
    cache = primary;
  }

  /** True once the controller has attached its cache. */
  public boolean attached() {
    return cache != null;
  }

  /** Adds an index; the cache must be attached and its informer not yet started. */
  public void addIndexer(String name, Function<T, List<String>> keys) {
    IndexerResourceCache<T> primary = cache;
    if (primary == null) {
      throw new IllegalStateException("the controller's cache is not attached yet");
    }
    primary.addIndexers(Map.of(name, keys));
  }

  public List<T> byIndex(String index, String key) {
    IndexerResourceCache<T> primary = cache;
    return primary == null ? List.of() : primary.byIndex(index, key);
  }

  public Optional<T> get(String namespace, String name) {
    IndexerResourceCache<T> primary = cache;
    return primary == null ? Optional.empty() : primary.get(new ResourceID(name, namespace));
  }

  public int size() {
    IndexerResourceCache<T> primary = cache;
    return primary == null ? 0 : (int) primary.keys().count();
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
