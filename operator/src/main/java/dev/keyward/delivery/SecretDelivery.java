package dev.keyward.delivery;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.CredentialSpec;
import dev.keyward.api.CredentialStatus;
import dev.keyward.api.KeywardNames;
import dev.keyward.delivery.DeliveryPlan.Action;
import dev.keyward.delivery.DeliveryPlan.Step;
import dev.keyward.delivery.DeliveryPlan.Verdict;
import dev.keyward.event.EventRecorder;
import dev.keyward.event.Reason;
import dev.keyward.secret.SecretStore;
import dev.keyward.status.ConditionReason;
import dev.keyward.status.ConditionSet;
import dev.keyward.status.ConditionType;
import dev.keyward.status.DesiredCondition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the copies of an ApiToken's or Application's Secret in the namespaces its {@code
 * spec.secret.deliverTo} lists, each only while that namespace consents, and reports how it went in
 * the SecretDelivered condition (with an Event when it changes). Called by the reconciler after the
 * key was kept, so a new key reaches every copy in the same pass.
 */
public final class SecretDelivery {

  public static final String CONDITION = "SecretDelivered";

  private static final Logger log = LoggerFactory.getLogger(SecretDelivery.class);

  /** What the controller's informers know: grants by namespace, and its cached Secrets. */
  public record Caches(
      Function<String, Collection<AccessGrant>> grants,
      Function<HasMetadata, Set<Secret>> copies) {}

  private final KubernetesClient client;
  private final SecretStore secrets;
  private final EventRecorder events;

  public SecretDelivery(KubernetesClient client, EventRecorder events, Clock clock) {
    this.client = client;
    this.secrets = new SecretStore(client);
    this.events = events;
  }

  /**
   * Delivers and returns the SecretDelivered condition to report (none when nothing is requested
   * and no copy is left); records an Event when it differs from the condition in {@code status}.
   */
  public Optional<DesiredCondition> deliver(
      HasMetadata source, CredentialSpec spec, CredentialStatus status, Caches caches) {
    List<String> requested =
        spec.getSecret() == null ? List.of() : spec.getSecret().deliverToOrEmpty();
    Set<Secret> copies = caches.copies().apply(source);
    if (requested.isEmpty() && copies.isEmpty()) {
      status.setDeliveredTo(null);
      return Optional.empty();
    }
    String ownNamespace = source.getMetadata().getNamespace();
    String secretName = KeywardNames.secretName(source, spec);
    Optional<Secret> own = secrets.read(ownNamespace, secretName);
    boolean ready = own.isPresent() && SecretStore.ownedBy(own.get(), source);
    Map<String, Optional<Secret>> targets = new HashMap<>();
    Function<String, Optional<Secret>> target =
        namespace -> targets.computeIfAbsent(namespace, ns -> secrets.read(ns, secretName));
    Set<String> copiesAt =
        copies.stream().map(s -> s.getMetadata().getNamespace()).collect(Collectors.toSet());
    List<Step> steps =
        DeliveryPlan.of(
            ownNamespace,
            requested,
            ready,
            copiesAt,
            namespace ->
                DeliveryConsent.admits(
                    caches.grants().apply(namespace),
                    source.getKind(),
                    ownNamespace,
                    source.getMetadata().getName()),
            namespace ->
                target
                    .apply(namespace)
                    .map(s -> !KeywardNames.isDeliveredCopyOf(s, source))
                    .orElse(false));
    List<String> failed = new ArrayList<>();
    for (Step step : steps) {
      List<Secret> oursThere =
          copies.stream()
              .filter(s -> s.getMetadata().getNamespace().equals(step.namespace()))
              .toList();
      if (step.action() == Action.WRITE) {
        try {
          write(source, spec, own.get(), target.apply(step.namespace()), step.namespace());
        } catch (KubernetesClientException e) {
          // One namespace refusing (being deleted, a quota) must not fail the source's reconcile.
          failed.add(step.namespace() + " (HTTP " + e.getCode() + ")");
          log.warn(
              "could not deliver Secret {} of {} {}/{} to namespace {}: HTTP {}",
              secretName,
              source.getKind(),
              ownNamespace,
              source.getMetadata().getName(),
              step.namespace(),
              e.getCode());
          continue;
        }
        oursThere.stream()
            .filter(s -> !secretName.equals(s.getMetadata().getName()))
            .forEach(s -> remove(source, s));
      } else if (step.action() != Action.CONFLICT) {
        oursThere.forEach(s -> remove(source, s));
      }
    }
    List<String> delivered =
        DeliveryPlan.deliveredTo(steps).stream()
            .filter(ns -> failed.stream().noneMatch(f -> f.startsWith(ns + " ")))
            .toList();
    status.setDeliveredTo(delivered.isEmpty() ? null : delivered);
    Optional<Verdict> verdict =
        DeliveryPlan.verdict(
            steps,
            requested,
            ownNamespace,
            ready,
            source.getKind(),
            ownNamespace,
            source.getMetadata().getName(),
            secretName);
    if (verdict.isEmpty()) {
      return Optional.empty();
    }
    Verdict v =
        failed.isEmpty()
            ? verdict.get()
            : new Verdict(
                false,
                "DeliveryFailed",
                "could not write Secret "
                    + secretName
                    + " in "
                    + String.join(", ", failed)
                    + " (tried again when the resource, its Secret or a grant there changes); "
                    + verdict.get().message());
    DesiredCondition wanted =
        DesiredCondition.of(
            ConditionType.SecretDelivered,
            v.delivered(),
            ConditionReason.valueOf(v.reason()),
            v.message());
    boolean changed =
        ConditionSet.find(status, ConditionType.SecretDelivered)
            .map(
                c ->
                    !wanted.status().equals(c.getStatus())
                        || !v.reason().equals(c.getReason())
                        || !Objects.equals(v.message(), c.getMessage()))
            .orElse(true);
    if (changed) {
      events.record(source, Reason.valueOf(v.reason()), v.message());
    }
    return Optional.of(wanted);
  }

  /** Removes every copy of this source, wherever it is (the source is being deleted). */
  public void removeAll(HasMetadata source, Caches caches) {
    caches.copies().apply(source).forEach(copy -> remove(source, copy));
  }

  private void write(
      HasMetadata source,
      CredentialSpec spec,
      Secret own,
      Optional<Secret> existing,
      String namespace) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (spec.getSecret() != null) {
      labels.putAll(orEmpty(spec.getSecret().getLabels()));
      annotations.putAll(orEmpty(spec.getSecret().getAnnotations()));
    }
    labels.putAll(KeywardNames.deliveredCopyLabels(source));
    annotations.put(KeywardNames.DELIVERED_FROM_NAME_ANNOTATION, source.getMetadata().getName());
    String digest = orEmpty(own.getMetadata().getAnnotations()).get(KeywardNames.DIGEST_ANNOTATION);
    if (digest != null) {
      annotations.put(KeywardNames.DIGEST_ANNOTATION, digest);
    }
    if (existing.isPresent() && upToDate(existing.get(), own, labels, annotations)) {
      return;
    }
    Secret copy =
        new SecretBuilder()
            .withNewMetadata()
            .withName(own.getMetadata().getName())
            .withNamespace(namespace)
            .withLabels(labels)
            .withAnnotations(annotations)
            .withResourceVersion(
                existing.map(s -> s.getMetadata().getResourceVersion()).orElse(null))
            .endMetadata()
            .withType(own.getType())
            .withData(own.getData())
            .build();
    var resource = client.secrets().inNamespace(namespace).resource(copy);
    if (existing.isPresent()) {
      resource.update();
    } else {
      resource.create();
    }
    log.info(
        "delivered Secret {} of {} {}/{} to namespace {}",
        own.getMetadata().getName(),
        source.getKind(),
        source.getMetadata().getNamespace(),
        source.getMetadata().getName(),
        namespace);
  }

  /** Deletes a copy after reading it again: only a Secret that is this source's copy goes. */
  private void remove(HasMetadata source, Secret cached) {
    String namespace = cached.getMetadata().getNamespace();
    String name = cached.getMetadata().getName();
    Optional<Secret> current = secrets.read(namespace, name);
    if (current.isEmpty() || !KeywardNames.isDeliveredCopyOf(current.get(), source)) {
      return;
    }
    client.secrets().inNamespace(namespace).withName(name).delete();
    log.info(
        "removed the copy {}/{} of {} {}/{}",
        namespace,
        name,
        source.getKind(),
        source.getMetadata().getNamespace(),
        source.getMetadata().getName());
  }

  private static boolean upToDate(
      Secret copy, Secret own, Map<String, String> labels, Map<String, String> annotations) {
    return Objects.equals(copy.getType(), own.getType())
        && Objects.equals(orEmpty(copy.getData()), orEmpty(own.getData()))
        && orEmpty(copy.getMetadata().getLabels()).entrySet().containsAll(labels.entrySet())
        && orEmpty(copy.getMetadata().getAnnotations())
            .entrySet()
            .containsAll(annotations.entrySet());
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }
}
