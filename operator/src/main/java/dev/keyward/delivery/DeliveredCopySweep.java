package dev.keyward.delivery;

import dev.keyward.api.KeywardNames;
import dev.keyward.sweep.PeriodicSweep;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically deletes delivered copies whose source (ApiToken or Application) no longer exists: no
 * owner reference can cross namespaces, so nothing else removes them when the source is deleted. An
 * event source of the source's controller only so that it runs on the elected leader and stops with
 * it; it never wakes a source up.
 */
public final class DeliveredCopySweep<P extends HasMetadata> extends PeriodicSweep<P> {

  private static final Logger log = LoggerFactory.getLogger(DeliveredCopySweep.class);

  private final KubernetesClient client;
  private final Class<P> type;
  private final Cache<P> sources;
  private final Cache<Secret> secrets;

  public DeliveredCopySweep(
      KubernetesClient client,
      Class<P> type,
      Cache<P> sources,
      Cache<Secret> secrets,
      Duration interval) {
    super(
        HasMetadata.getKind(type).toLowerCase() + "-delivered-copy-sweep",
        "delivered-copy-sweep",
        interval);
    this.client = client;
    this.type = type;
    this.sources = sources;
    this.secrets = secrets;
  }

  @Override
  protected void sweepOnce() {
    // Copies first, sources second: a source always exists before its copies.
    List<Secret> copies = secrets.list().filter(s -> uidOf(s) != null).toList();
    Set<String> live =
        sources.list().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    for (Secret copy : copies) {
      if (live.contains(uidOf(copy)) || !sourceGone(copy)) {
        continue;
      }
      Secret current =
          client
              .secrets()
              .inNamespace(copy.getMetadata().getNamespace())
              .withName(copy.getMetadata().getName())
              .get();
      if (current == null || !uidOf(copy).equals(uidOf(current))) {
        continue;
      }
      client
          .secrets()
          .inNamespace(copy.getMetadata().getNamespace())
          .withName(copy.getMetadata().getName())
          .delete();
      log.info(
          "removed the delivered copy {}/{}: its {} (uid {}) no longer exists",
          copy.getMetadata().getNamespace(),
          copy.getMetadata().getName(),
          HasMetadata.getKind(type),
          uidOf(copy));
    }
  }

  /** Asks the API server, not the cache, before deleting: a lagging cache must not remove. */
  private boolean sourceGone(Secret copy) {
    Map<String, String> labels = copy.getMetadata().getLabels();
    String namespace = labels.get(KeywardNames.DELIVERED_FROM_NAMESPACE_LABEL);
    String name = labels.get(KeywardNames.DELIVERED_FROM_NAME_LABEL);
    String uid = uidOf(copy);
    if (namespace == null || name == null) {
      return client.resources(type).inAnyNamespace().list().getItems().stream()
          .noneMatch(p -> uid.equals(p.getMetadata().getUid()));
    }
    P source = client.resources(type).inNamespace(namespace).withName(name).get();
    return source == null || !uid.equals(source.getMetadata().getUid());
  }

  private static String uidOf(Secret secret) {
    Map<String, String> labels = secret.getMetadata().getLabels();
    return labels == null ? null : labels.get(KeywardNames.DELIVERED_FROM_UID_LABEL);
  }
}
