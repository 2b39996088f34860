package dev.keyward.cache;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Running informers over all namespaces, with one index and a {@link PrunedItemStore}: what the
 * in-memory indexes behind verification and exchange are built on, on every replica.
 */
public final class IndexedInformers {

  private IndexedInformers() {}

  public static <T extends HasMetadata> SharedIndexInformer<T> start(
      KubernetesClient client, Class<T> type, String index, Function<T, List<String>> keys) {
    return start(client, type, index, keys, new PrunedItemStore<>());
  }

  /** As {@link #start(KubernetesClient, Class, String, Function)}, with a store of one's own. */
  public static <T extends HasMetadata> SharedIndexInformer<T> start(
      KubernetesClient client,
      Class<T> type,
      String index,
      Function<T, List<String>> keys,
      ItemStore<T> store) {
    return client
        .resources(type)
        .inAnyNamespace()
        .withIndexers(Map.of(index, keys))
        .withLimit(ListPages.SIZE)
        .runnableInformer(0)
        .itemStore(store)
        .run();
  }
}
