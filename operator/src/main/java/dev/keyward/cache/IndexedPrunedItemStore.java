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
 * java-operator-sdk's index layers (about a sixth of the cost of a {@code /auth} answer). Each
 * index entry carries a memo for its reader, which any change under the key drops with the entry.
 * Only the informer writes; any thread reads.
 */
public class IndexedPrunedItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  /**
   * The objects under one index key, and what a reader made of exactly these objects. A change to
   * any of them replaces the entry (and so forgets the memo): a memo never outlives the objects it
   * was made from.
   */
  public static final class Entry<T> {
    private final List<T> objects;
    private volatile Object memo;

    private Entry(List<T> objects) {
      this.objects = objects;
    }

    public List<T> objects() {
      return objects;
    }

    /** What the reader remembered of these objects, or null. */
    public Object memo() {
      return memo;
    }

    public void memo(Object value) {
      memo = value;
    }
  }

  private final Function<T, List<String>> keys;
  private final Map<String, Entry<T>> index = new ConcurrentHashMap<>();

  public IndexedPrunedItemStore(Function<T, List<String>> keys) {
    super(Interning::key);
    this.keys = keys;
  }

  /** The stored objects under this index key. */
  public List<T> byIndex(String key) {
    Entry<T> entry = index.get(key);
    return entry == null ? List.of() : entry.objects();
  }

  /** The entry under this index key, or null when no object is stored under it. */
  public Entry<T> entry(String key) {
    return index.get(key);
  }

  /** Readies an object for caching, in place, before it is stored. */
  protected void prepare(T obj) {
    PrunedItemStore.prune(obj);
  }

  @Override
  public synchronized T put(String key, T obj) {
    prepare(obj);
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

  private static <T> Entry<T> with(Entry<T> held, T obj) {
    if (held == null) {
      return new Entry<>(List.of(obj));
    }
    List<T> more = new ArrayList<>(held.objects().size() + 1);
    more.addAll(held.objects());
    more.add(obj);
    return new Entry<>(List.copyOf(more));
  }

  private static <T> Entry<T> without(Entry<T> held, T obj) {
    List<T> fewer = new ArrayList<>(held.objects());
    fewer.removeIf(o -> o == obj);
    return fewer.isEmpty() ? null : new Entry<>(List.copyOf(fewer));
  }
}
