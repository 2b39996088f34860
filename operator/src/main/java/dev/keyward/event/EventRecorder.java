package dev.keyward.event;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on Keyward resources, so {@code kubectl describe} tells what happened.
 * Messages never contain secret material. Failing to record an event never fails a reconcile.
 */
public final class EventRecorder {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void record(HasMetadata resource, Reason reason, String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      client
          .v1()
          .events()
          .inNamespace(resource.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(
                      resource.getMetadata().getName()
                          + "."
                          + UUID.randomUUID().toString().substring(0, 13))
                  .withNamespace(resource.getMetadata().getNamespace())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(resource.getApiVersion())
                          .withKind(resource.getKind())
                          .withName(resource.getMetadata().getName())
                          .withNamespace(resource.getMetadata().getNamespace())
                          .withUid(resource.getMetadata().getUid())
                          .withResourceVersion(resource.getMetadata().getResourceVersion())
                          .build())
                  .withReason(reason.name())
                  .withMessage(message)
                  .withType(reason.warning() ? "Warning" : "Normal")
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent("keyward")
                  .endSource()
                  .withReportingComponent("keyward.dev/operator")
                  .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", "keyward"))
                  .build())
          .create();
    } catch (RuntimeException e) {
      log.warn(
          "could not record event {} on {}: {}",
          reason,
          resource.getMetadata().getName(),
          e.getMessage());
    }
  }
}
