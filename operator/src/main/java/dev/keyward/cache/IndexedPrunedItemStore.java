package dev.keyward.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link PrunedItemStore} that also keeps one index of its own, updated as the informer stores
 * and removes objects: a lookup is one map read, without the streams of the informer's and
 * java-operator-sdk's index layers (about a sixth of the cost of a {@code /auth} answer). Only the
 * informer writes; any thread reads.
 */
public final class IndexedPrunedItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  private final Function<T, List<String>> keys;
  private final Map<String, List<T>> index = new ConcurrentHashMap<>();

  public IndexedPrunedItemStore(Function<T, List<String>> keys) {
    super(Interning::key);
    this.keys = keys;
  }

  /** The stored objects under this index key. */
  public List<T> byIndex(String key) {
    return index.getOrDefault(key, List.of());
  }

  @Override
  public synchronized T put(String key, T obj) {
    PrunedItemStore.prune(obj);
    T old = super.put(key, obj);
    if (old != null) {
      unindex(old);
    }
    for (String indexKey : keys.apply(obj)) {
      index.compute(indexKey, (k, held) -> with(held, obj));
    }
    return old;
  }

  @Override
  public synchronized T remove(String key) {
    T old = super.remove(key);
    if (old != null) {
      unindex(old);
    }
    return old;
  }

  private void unindex(T old) {
    for (String indexKey : keys.apply(old)) {
      index.computeIfPresent(indexKey, (k, held) -> without(held, old));
    }
  }

  private static <T> List<T> with(List<T> held, T obj) {
    if (held == null) {
      return List.of(obj);
    }
    List<T> more = new ArrayList<>(held.size() + 1);
    more.addAll(held);
    more.add(obj);
    return List.copyOf(more);
  }

  private static <T> List<T> without(List<T> held, T obj) {
    List<T> fewer = new ArrayList<>(held);
    fewer.removeIf(o -> o == obj);
    return fewer.isEmpty() ? null : List.copyOf(fewer);
  }
}
