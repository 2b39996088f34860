package dev.keyward.restart;

import static dev.keyward.api.KeywardNames.RESTARTED_AT_ANNOTATION;
import static dev.keyward.api.KeywardNames.RESTARTED_FOR_ANNOTATION;

import dev.keyward.event.EventRecorder;
import dev.keyward.event.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a workload the way {@code kubectl rollout restart} does, once for any number of new
 * keys: it sets the pod template's {@code kubectl.kubernetes.io/restartedAt} and records the keys
 * in the workload's {@code keyward.dev/restarted-for} annotation in the same patch, guarded by the
 * resource version. Keys already recorded restart nothing. Events go to the workload and to each
 * credential.
 */
public final class WorkloadRestarter {

  /** Workload kinds Keyward restarts, all apps/v1. */
  public static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Deployment", Deployment.class,
          "StatefulSet", StatefulSet.class,
          "DaemonSet", DaemonSet.class);

  private static final Logger log = LoggerFactory.getLogger(WorkloadRestarter.class);
  private static final int ATTEMPTS = 3;

  /** A credential's new key in its Secret, for which a workload restarts. */
  public record NewKey(HasMetadata credential, String secret, String digest) {}

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  public WorkloadRestarter(KubernetesClient client, EventRecorder events, Clock clock) {
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  /** Restarts the workload for those keys it was not restarted for yet; true when it did. */
  public boolean restart(WorkloadKey workload, List<NewKey> keys) {
    Class<? extends HasMetadata> type = KINDS.get(workload.kind());
    if (type == null) {
      return false;
    }
    var resource =
        client.resources(type).inNamespace(workload.namespace()).withName(workload.name());
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      HasMetadata current;
      try {
        current = resource.get();
      } catch (KubernetesClientException e) {
        failed(workload, keys, "cannot read it: " + e.getCode());
        return false;
      }
      if (current == null) {
        failed(workload, keys, "it does not exist in namespace " + workload.namespace());
        return false;
      }
      RestartRecord record = RestartRecord.parse(annotation(current, RESTARTED_FOR_ANNOTATION));
      List<NewKey> due = keys.stream().filter(k -> !record.covers(k.secret(), k.digest())).toList();
      if (due.isEmpty()) {
        log.debug("{} in {} already restarted for these keys", workload, workload.namespace());
        return false;
      }
      RestartRecord next = record;
      for (NewKey key : keys) {
        next = next.with(key.secret(), key.digest());
      }
      String restartedAt = restartedAt(current);
      JsonObject patch =
          new JsonObject()
              .put(
                  "metadata",
                  new JsonObject()
                      .put("resourceVersion", current.getMetadata().getResourceVersion())
                      .put(
                          "annotations",
                          new JsonObject().put(RESTARTED_FOR_ANNOTATION, next.format())))
              .put(
                  "spec",
                  new JsonObject()
                      .put(
                          "template",
                          new JsonObject()
                              .put(
                                  "metadata",
                                  new JsonObject()
                                      .put(
                                          "annotations",
                                          new JsonObject()
                                              .put(RESTARTED_AT_ANNOTATION, restartedAt)))));
      try {
        HasMetadata restarted =
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), patch.encode());
        restarted(workload, restarted, due);
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == ATTEMPTS) {
          failed(workload, keys, "the patch was refused: " + e.getCode());
          return false;
        }
      }
    }
    return false;
  }

  private void restarted(WorkloadKey workload, HasMetadata restarted, List<NewKey> due) {
    Set<String> secrets =
        due.stream().map(NewKey::secret).collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> credentials =
        due.stream()
            .map(k -> k.credential().getKind() + " " + k.credential().getMetadata().getName())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    log.info(
        "restarted {} in {} for new keys in Secret {}", workload, workload.namespace(), secrets);
    events.record(
        restarted,
        Reason.RestartedForNewKey,
        "rolling restart: new key in Secret "
            + String.join(", ", secrets)
            + " ("
            + String.join(", ", credentials)
            + ")");
    due.stream()
        .map(NewKey::credential)
        .distinct()
        .forEach(
            credential ->
                events.record(
                    credential,
                    Reason.WorkloadRestarted,
                    "rolling restart of " + workload + ", which reads the new key at start"));
  }

  private void failed(WorkloadKey workload, List<NewKey> keys, String why) {
    log.warn("cannot restart {} in {}: {}", workload, workload.namespace(), why);
    keys.stream()
        .map(NewKey::credential)
        .distinct()
        .forEach(
            credential ->
                events.record(
                    credential,
                    Reason.WorkloadRestartFailed,
                    "cannot restart " + workload + " for the new key: " + why));
  }

  /**
   * Now, in seconds as {@code kubectl rollout restart} writes it; a second later than the value
   * already there if that is the same, so that the pod template always changes.
   */
  private String restartedAt(HasMetadata workload) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String previous = templateAnnotation(workload);
    return now.toString().equals(previous) ? now.plusSeconds(1).toString() : now.toString();
  }

  private static String templateAnnotation(HasMetadata workload) {
    JsonObject json = new JsonObject(Serialization.asJson(workload));
    JsonObject annotations =
        Optional.ofNullable(json.getJsonObject("spec"))
            .map(s -> s.getJsonObject("template"))
            .map(t -> t.getJsonObject("metadata"))
            .map(m -> m.getJsonObject("annotations"))
            .orElse(null);
    return annotations == null ? null : annotations.getString(RESTARTED_AT_ANNOTATION);
  }

  static String annotation(HasMetadata resource, String name) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }
}
