package dev.keyward.rbac;

import dev.keyward.KeywardNames;
import dev.keyward.api.Application;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Keeps one RoleBinding per (project, mapped role) of an Application, binding the role's
 * ClusterRole to the Application's ServiceAccount. Bindings live in other namespaces than the
 * Application, so they are found by label rather than owner reference. The API server decides what
 * the operator may bind: a refusal (HTTP 403) is reported, never worked around.
 */
public final class ProjectBindings {

  private final KubernetesClient client;

  public ProjectBindings(KubernetesClient client) {
    this.client = client;
  }

  /** Makes the bindings match {@code clusterRoles} (role to ClusterRole) in {@code projects}. */
  public BindingResult sync(
      Application app, Map<String, String> clusterRoles, List<String> projects) {
    Map<String, RoleBinding> existing = new LinkedHashMap<>();
    for (RoleBinding b : list(app)) {
      existing.put(key(b.getMetadata().getNamespace(), b.getMetadata().getName()), b);
    }
    List<String> bound = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    Map<String, String> forbidden = new TreeMap<>();
    for (String project : projects) {
      if (!namespaceExists(project)) {
        missing.add(project);
        continue;
      }
      boolean all = !clusterRoles.isEmpty();
      for (Map.Entry<String, String> role : clusterRoles.entrySet()) {
        RoleBinding wanted = binding(app, project, role.getKey(), role.getValue());
        RoleBinding current = existing.remove(key(project, wanted.getMetadata().getName()));
        try {
          apply(wanted, current);
        } catch (KubernetesClientException e) {
          if (e.getCode() == 403) {
            forbidden.put(role.getKey(), role.getValue());
          } else if (e.getCode() == 404) {
            missing.add(project);
          } else {
            throw e;
          }
          all = false;
        }
      }
      if (all) {
        bound.add(project);
      }
    }
    // Whatever is left belongs to a removed project or role.
    existing.values().forEach(this::delete);
    return new BindingResult(bound, missing.stream().distinct().toList(), Map.copyOf(forbidden));
  }

  /** Deletes every binding of the Application, in every namespace. */
  public void removeAll(Application app) {
    list(app).forEach(this::delete);
  }

  /** Whether any binding of the Application is left, in any namespace. */
  public boolean anyLeft(Application app) {
    return !list(app).isEmpty();
  }

  private List<RoleBinding> list(Application app) {
    return client
        .rbac()
        .roleBindings()
        .inAnyNamespace()
        .withLabelSelector(KeywardNames.roleBindingSelector(app))
        .list()
        .getItems();
  }

  private void apply(RoleBinding wanted, RoleBinding current) {
    var resource = client.rbac().roleBindings().inNamespace(wanted.getMetadata().getNamespace());
    if (current != null
        && Objects.equals(current.getRoleRef().getName(), wanted.getRoleRef().getName())
        && Objects.equals(current.getRoleRef().getKind(), wanted.getRoleRef().getKind())
        && subjectsOf(current).equals(subjectsOf(wanted))) {
      return;
    }
    if (current != null) {
      // roleRef cannot be changed in place.
      resource.withName(current.getMetadata().getName()).delete();
    }
    resource.resource(wanted).create();
  }

  private static List<String> subjectsOf(RoleBinding binding) {
    return binding.getSubjects().stream()
        .map(s -> s.getKind() + "/" + s.getNamespace() + "/" + s.getName())
        .toList();
  }

  private void delete(RoleBinding binding) {
    client
        .rbac()
        .roleBindings()
        .inNamespace(binding.getMetadata().getNamespace())
        .withName(binding.getMetadata().getName())
        .delete();
  }

  private boolean namespaceExists(String name) {
    Namespace ns = client.namespaces().withName(name).get();
    return ns != null && ns.getMetadata().getDeletionTimestamp() == null;
  }

  private static RoleBinding binding(
      Application app, String project, String role, String clusterRole) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(KeywardNames.roleBindingName(app, role))
        .withNamespace(project)
        .withLabels(KeywardNames.roleBindingLabels(app, role))
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(clusterRole)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(KeywardNames.serviceAccountName(app))
        .withNamespace(app.getMetadata().getNamespace())
        .endSubject()
        .build();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
