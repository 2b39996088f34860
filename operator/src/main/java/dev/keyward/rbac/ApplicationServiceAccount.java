package dev.keyward.rbac;

import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/** Keeps the ServiceAccount an Application's roles are bound to, owned by the Application. */
public final class ApplicationServiceAccount {

  private final KubernetesClient client;

  public ApplicationServiceAccount(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Creates the ServiceAccount when absent. Returns false when one with that name exists and
   * belongs to someone else: it is left alone and nothing may be bound to it.
   */
  public boolean ensure(Application app) {
    String namespace = app.getMetadata().getNamespace();
    String name = KeywardNames.serviceAccountName(app);
    ServiceAccount existing = client.serviceAccounts().inNamespace(namespace).withName(name).get();
    if (existing != null) {
      return existing.getMetadata().getOwnerReferences().stream()
          .anyMatch(r -> app.getMetadata().getUid().equals(r.getUid()));
    }
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(
                    Map.of(
                        KeywardNames.MANAGED_BY_LABEL,
                        KeywardNames.MANAGED_BY,
                        KeywardNames.APP_UID_LABEL,
                        app.getMetadata().getUid()))
                .withOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion(app.getApiVersion())
                        .withKind(app.getKind())
                        .withName(app.getMetadata().getName())
                        .withUid(app.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                // No token is mounted by default: the account exists to be bound, not to log in.
                .withAutomountServiceAccountToken(false)
                .build())
        .create();
    return true;
  }
}
