package dev.keyward.bench;

import dev.keyward.api.ApiToken;
import dev.keyward.api.ApiUser;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts writes to a namespace's ApiTokens (status included), ApiUsers and Secrets by watching them
 * from their current resourceVersion: every change the API server accepts is one event, so a
 * restart that writes nothing leaves every count at zero.
 */
final class WriteCounter implements AutoCloseable {

  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong users = new AtomicLong();
  private final AtomicLong secrets = new AtomicLong();
  private final List<Watch> watches;

  WriteCounter(KubernetesClient client, String namespace) {
    String tokenVersion =
        client
            .resources(ApiToken.class)
            .inNamespace(namespace)
            .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build())
            .getMetadata()
            .getResourceVersion();
    String userVersion =
        client
            .resources(ApiUser.class)
            .inNamespace(namespace)
            .list()
            .getMetadata()
            .getResourceVersion();
    String secretVersion =
        client
            .secrets()
            .inNamespace(namespace)
            .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder().withLimit(1L).build())
            .getMetadata()
            .getResourceVersion();
    watches =
        List.of(
            client
                .resources(ApiToken.class)
                .inNamespace(namespace)
                .withResourceVersion(tokenVersion)
                .watch(counting(tokens)),
            client
                .resources(ApiUser.class)
                .inNamespace(namespace)
                .withResourceVersion(userVersion)
                .watch(counting(users)),
            client
                .secrets()
                .inNamespace(namespace)
                .withResourceVersion(secretVersion)
                .watch(counting(secrets)));
  }

  private static <T extends HasMetadata> Watcher<T> counting(AtomicLong count) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T resource) {
        if (action != Action.BOOKMARK) {
          count.incrementAndGet();
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        // a closed watch stops counting; the counts so far stand
      }
    };
  }

  long tokenWrites() {
    return tokens.get();
  }

  long userWrites() {
    return users.get();
  }

  long secretWrites() {
    return secrets.get();
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }
}
