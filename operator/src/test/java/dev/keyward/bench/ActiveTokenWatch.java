package dev.keyward.bench;

import dev.keyward.api.ApiToken;
import dev.keyward.status.Phase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the ApiTokens of one namespace and notes the instant the number of Active ones reaches a
 * target: the end of a reconcile or write-floor run, seen the same way for both.
 */
final class ActiveTokenWatch implements AutoCloseable {

  private final Set<String> active = ConcurrentHashMap.newKeySet();
  private final SharedIndexInformer<ApiToken> informer;
  private final Object lock = new Object();

  ActiveTokenWatch(KubernetesClient client, String namespace) {
    this.informer =
        client
            .resources(ApiToken.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ApiToken token) {
                    observe(token);
                  }

                  @Override
                  public void onUpdate(ApiToken before, ApiToken token) {
                    observe(token);
                  }

                  @Override
                  public void onDelete(ApiToken token, boolean unknownFinalState) {
                    active.remove(token.getMetadata().getName());
                  }
                });
  }

  private void observe(ApiToken token) {
    boolean isActive =
        token.getStatus() != null && Phase.Active.name().equals(token.getStatus().getPhase());
    if (isActive) {
      active.add(token.getMetadata().getName());
      synchronized (lock) {
        lock.notifyAll();
      }
    } else {
      active.remove(token.getMetadata().getName());
    }
  }

  /** Waits until at least {@code target} tokens are Active; returns the System.nanoTime then. */
  long awaitActive(int target, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (active.size() < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "only " + active.size() + " of " + target + " tokens Active after " + timeout);
        }
        lock.wait(Math.max(1, Math.min(left / 1_000_000, 200)));
      }
    }
    return System.nanoTime();
  }

  int activeCount() {
    return active.size();
  }

  @Override
  public void close() {
    informer.close();
  }
}
