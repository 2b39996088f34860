package dev.keyward.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import java.util.function.Consumer;

/**
 * An informer store that drops {@code metadata.managedFields} before caching: Keyward never reads
 * them, and they are a large part of every cached object; the strings it keeps are interned (see
 * {@link Interning}). Measured with scripts/benchmark.sh.
 */
public final class PrunedItemStore<T extends HasMetadata> extends BasicItemStore<T> {

  private final Consumer<String> changed;

  public PrunedItemStore() {
    this(key -> {});
  }

  /**
   * A store that tells {@code changed} the key ({@code namespace/name}) of every object it stores
   * or removes, on the informer's thread, before the informer's event handlers hear of the change.
   */
  public PrunedItemStore(Consumer<String> changed) {
    super(Interning::key);
    this.changed = changed;
  }

  @Override
  public T put(String key, T obj) {
    prune(obj);
    T old = super.put(key, obj);
    changed.accept(key);
    return old;
  }

  @Override
  public T remove(String key) {
    T old = super.remove(key);
    changed.accept(key);
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
