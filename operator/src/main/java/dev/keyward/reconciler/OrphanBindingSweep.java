package dev.keyward.reconciler;

import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import dev.keyward.rbac.OrphanBindings;
import dev.keyward.sweep.PeriodicSweep;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodically deletes the RoleBindings Keyward labelled for an Application that no longer exists.
 * It is an event source of the Application controller only so that it runs where the controller
 * runs (on the elected leader) and stops with it; it never wakes an Application up.
 */
final class OrphanBindingSweep extends PeriodicSweep<Application> {

  private static final Logger log = LoggerFactory.getLogger(OrphanBindingSweep.class);

  private final KubernetesClient client;
  private final Cache<Application> applications;
  private final Cache<RoleBinding> bindings;

  OrphanBindingSweep(
      KubernetesClient client,
      Cache<Application> applications,
      Cache<RoleBinding> bindings,
      Duration interval) {
    super("application-orphan-binding-sweep", "orphan-binding-sweep", interval);
    this.client = client;
    this.applications = applications;
    this.bindings = bindings;
  }

  @Override
  protected void sweepOnce() {
    // Bindings first, Applications second: an Application is always created before its bindings.
    List<RoleBinding> labelled = bindings.list().toList();
    Set<String> live =
        applications.list().map(a -> a.getMetadata().getUid()).collect(Collectors.toSet());
    for (RoleBinding orphan : OrphanBindings.among(labelled, live)) {
      if (!applicationGone(orphan)) {
        continue;
      }
      client
          .rbac()
          .roleBindings()
          .inNamespace(orphan.getMetadata().getNamespace())
          .withName(orphan.getMetadata().getName())
          .delete();
      log.info(
          "removed RoleBinding {}/{}: its Application (uid {}) no longer exists",
          orphan.getMetadata().getNamespace(),
          orphan.getMetadata().getName(),
          orphan.getMetadata().getLabels().get(KeywardNames.APP_UID_LABEL));
    }
  }

  /** Asks the API server, not the cache, before deleting: a lagging cache must not unbind. */
  private boolean applicationGone(RoleBinding binding) {
    var labels = binding.getMetadata().getLabels();
    String namespace = labels.get(KeywardNames.APP_NAMESPACE_LABEL);
    String name = labels.get(KeywardNames.APP_NAME_LABEL);
    String uid = labels.get(KeywardNames.APP_UID_LABEL);
    if (namespace != null && name != null) {
      Application app =
          client.resources(Application.class).inNamespace(namespace).withName(name).get();
      if (app != null && uid.equals(app.getMetadata().getUid())) {
        return false;
      }
    }
    // The name label is shortened for long names (and may be missing): ask by uid.
    var applications =
        namespace != null
            ? client.resources(Application.class).inNamespace(namespace).list()
            : client.resources(Application.class).inAnyNamespace().list();
    return applications.getItems().stream().noneMatch(a -> uid.equals(a.getMetadata().getUid()));
  }
}
