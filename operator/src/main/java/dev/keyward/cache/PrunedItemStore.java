package dev.keyward.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;

/**
 * An informer store that drops {@code metadata.managedFields} before caching: Keyward never reads
 * them, and they are a large part of every cached object; the strings it keeps are interned (see
 * {@link Interning}). Measured with scripts/benchmark.sh.
 */
public final class PrunedItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  private final Runnable changed;

  public PrunedItemStore() {
    this(() -> {});
  }

  /**
   * A store that runs {@code changed} after every object it stores or removes, on the informer's
   * thread, before the informer's event handlers hear of the change.
   */
  public PrunedItemStore(Runnable changed) {
    super(Interning::key);
    this.changed = changed;
  }

  @Override
  public T put(String key, T obj) {
    prune(obj);
    T old = super.put(key, obj);
    changed.run();
    return old;
  }

  @Override
  public T remove(String key) {
    T old = super.remove(key);
    changed.run();
    return old;
  }

  /** Drops the managed fields and interns the strings, in place. */
  static void prune(HasMetadata obj) {
    if (obj.getMetadata() != null) {
      obj.getMetadata().setManagedFields(null);
    }
    Interning.intern(obj);
  }
}
