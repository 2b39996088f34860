package dev.keyward.restart;

import static dev.keyward.api.KeywardNames.RESTART_ON_ROTATION_ANNOTATION;

import dev.keyward.api.CredentialSpec;
import dev.keyward.api.CredentialStatus;
import dev.keyward.api.WorkloadRef;
import dev.keyward.event.EventRecorder;
import dev.keyward.event.Reason;
import dev.keyward.lifecycle.KeyIssuer.Outcome;
import dev.keyward.restart.WorkloadRestarter.NewKey;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a new key means for the pods that read a credential's Secret. Called by the credential
 * reconcilers after each decision: it keeps the {@code GracePeriodSufficient} condition (a
 * rotation's grace must outlast the kubelet's Secret-volume propagation) and, when the key in the
 * Secret changed, restarts once each workload that reads it only at start: those the credential
 * lists in {@code spec.restartOnRotation} and those whose {@code keyward.dev/restart-on-rotation}
 * annotation names the Secret, all in the credential's own namespace.
 */
public final class RotationConsumers implements AutoCloseable {

  public static final String GRACE_CONDITION = "GracePeriodSufficient";

  /** Outcomes that put another key into the Secret than the pods started with. */
  private static final Set<Outcome> NEW_KEY =
      EnumSet.of(
          Outcome.ROTATED,
          Outcome.REVOKED,
          Outcome.REISSUED_SECRET_DELETED,
          Outcome.REISSUED_SECRET_EDITED,
          Outcome.ADOPTED);

  private static final Logger log = LoggerFactory.getLogger(RotationConsumers.class);

  private final KubernetesClient client;
  private final EventRecorder events;
  private final RotationConsumerSettings settings;
  private final RestartDebouncer restarts;

  public RotationConsumers(
      KubernetesClient client,
      EventRecorder events,
      Clock clock,
      RotationConsumerSettings settings) {
    this.client = client;
    this.events = events;
    this.settings = settings;
    this.restarts =
        new RestartDebouncer(new WorkloadRestarter(client, events, clock), settings.debounce());
  }

  /**
   * After a reconcile decided {@code outcome} for the credential's key (status not yet written).
   */
  /**
   * After a reconcile decided {@code outcome} for the credential's key (status not yet written):
   * restarts the workloads that read a new key, and returns the {@code GracePeriodSufficient}
   * condition to report (none for a credential that does not rotate).
   */
  public Optional<DesiredCondition> afterDecision(
      HasMetadata credential, CredentialSpec spec, CredentialStatus status, Outcome outcome) {
    if (NEW_KEY.contains(outcome) && status.getKey() != null && status.getSecretName() != null) {
      restartReaders(credential, spec, status.getSecretName(), status.getKey().getDigest());
    }
    return checkGrace(credential, spec, status);
  }

  private Optional<DesiredCondition> checkGrace(
      HasMetadata credential, CredentialSpec spec, CredentialStatus status) {
    var verdict = PropagationGrace.judge(spec, settings.propagationDelay());
    if (verdict.isEmpty()) {
      return Optional.empty();
    }
    boolean warnedBefore =
        ConditionSet.find(status, GRACE_CONDITION)
            .map(c -> ConditionSet.FALSE.equals(c.getStatus()))
            .orElse(false);
    var v = verdict.get();
    if (!v.sufficient() && !warnedBefore) {
      events.record(credential, Reason.GraceShorterThanPropagation, v.message());
    }
    return Optional.of(
        DesiredCondition.of(
            ConditionType.GracePeriodSufficient,
            v.sufficient(),
            ConditionReason.valueOf(v.reason()),
            v.message()));
  }

  private void restartReaders(
      HasMetadata credential, CredentialSpec spec, String secret, String digest) {
    String namespace = credential.getMetadata().getNamespace();
    NewKey key = new NewKey(credential, secret, digest);
    Set<WorkloadKey> listed = new LinkedHashSet<>();
    if (spec.getRestartOnRotation() != null) {
      for (WorkloadRef ref : spec.getRestartOnRotation()) {
        listed.add(new WorkloadKey(namespace, ref.getKind(), ref.getName()));
      }
    }
    listed.forEach(w -> restarts.submit(w, key));
    restarts.execute(
        () -> {
          for (WorkloadKey annotated : annotatedReaders(namespace, secret)) {
            if (!listed.contains(annotated)) {
              restarts.submit(annotated, key);
            }
          }
        });
  }

  /** Workloads in the namespace whose restart-on-rotation annotation names the Secret. */
  private Set<WorkloadKey> annotatedReaders(String namespace, String secret) {
    Set<WorkloadKey> found = new LinkedHashSet<>();
    WorkloadRestarter.KINDS.forEach(
        (kind, type) -> {
          try {
            for (HasMetadata workload :
                client.resources(type).inNamespace(namespace).list().getItems()) {
              String names = WorkloadRestarter.annotation(workload, RESTART_ON_ROTATION_ANNOTATION);
              if (names != null
                  && Arrays.stream(names.split(",")).map(String::trim).anyMatch(secret::equals)) {
                found.add(new WorkloadKey(namespace, kind, workload.getMetadata().getName()));
              }
            }
          } catch (KubernetesClientException e) {
            log.warn("cannot list {}s in {}: {}", kind, namespace, e.getCode());
          }
        });
    return found;
  }

  /** Restarts what is still gathered, then stops. */
  @Override
  public void close() {
    restarts.close();
  }
}
