package dev.keyward.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;

/**
 * An informer store that drops {@code metadata.managedFields} before caching: Keyward never reads
 * them, and they are a large part of every cached object; the strings it keeps are interned (see
 * {@link Interning}). Measured with scripts/benchmark.sh.
 */
public final class PrunedItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  public PrunedItemStore() {
    super(Interning::key);
  }

  @Override
  public T put(String key, T obj) {
    prune(obj);
    return super.put(key, obj);
  }

  /** Drops the managed fields and interns the strings, in place. */
  static void prune(HasMetadata obj) {
    if (obj.getMetadata() != null) {
      obj.getMetadata().setManagedFields(null);
    }
    Interning.intern(obj);
  }
}
