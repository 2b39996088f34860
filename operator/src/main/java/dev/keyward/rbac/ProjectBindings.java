package dev.keyward.rbac;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import dev.keyward.rolemap.RoleMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps one RoleBinding per (project, mapped role) of an Application, binding the role's
 * ClusterRole to the Application's ServiceAccount. Bindings live in other namespaces than the
 * Application, so they are found by label rather than owner reference. The API server decides what
 * the operator may bind: a refusal (HTTP 403) is reported, never worked around. Before that, the
 * operator's own {@link BindingRules} decide where a role may land at all.
 */
public final class ProjectBindings {

  private final KubernetesClient client;
  private final BindingRules rules;
  private volatile ProjectCache cache;

  public ProjectBindings(KubernetesClient client, BindingRules rules) {
    this.client = client;
    this.rules = rules;
    this.cache = ProjectCache.fromApiServer(client);
  }

  /**
   * From now on, reads namespaces and existing bindings from {@code cache}: the Application
   * informers, set once they are created and before the first reconcile.
   */
  public void readFrom(ProjectCache cache) {
    this.cache = cache;
  }

  /**
   * Makes the bindings match the mapped {@code roles} in {@code projects}, where the rules allow
   * them and the target namespace consents through {@code grants} (namespace to its AccessGrants).
   * Bindings no longer wanted, including ones a revoked grant no longer allows, are deleted.
   */
  public BindingResult sync(
      Application app,
      Map<String, RoleMap.Role> roles,
      List<String> projects,
      Function<String, Collection<AccessGrant>> grants) {
    Map<String, RoleBinding> existing = new LinkedHashMap<>();
    for (RoleBinding b : cache.bindingsOf(app)) {
      existing.put(key(b.getMetadata().getNamespace(), b.getMetadata().getName()), b);
    }
    String appNamespace = app.getMetadata().getNamespace();
    String appName = app.getMetadata().getName();
    Map<String, Boolean> clusterRolesExist = new HashMap<>();
    List<String> bound = new ArrayList<>();
    List<Refusal> refusals = new ArrayList<>();
    for (String project : projects) {
      Namespace namespace = namespace(project);
      if (namespace == null) {
        refusals.add(new Refusal(Refusal.Kind.ProjectMissing, project, null, null));
        continue;
      }
      boolean all = !roles.isEmpty();
      for (Map.Entry<String, RoleMap.Role> role : roles.entrySet()) {
        String clusterRole = role.getValue().clusterRole();
        Optional<Refusal> refusal =
            rules
                .check(
                    appNamespace,
                    appName,
                    role.getKey(),
                    role.getValue(),
                    project,
                    namespace.getMetadata().getLabels(),
                    grants.apply(project))
                .or(
                    () ->
                        clusterRolesExist.computeIfAbsent(clusterRole, this::clusterRoleExists)
                            ? Optional.empty()
                            : Optional.of(
                                new Refusal(
                                    Refusal.Kind.ClusterRoleMissing,
                                    project,
                                    role.getKey(),
                                    "ClusterRole " + clusterRole + " does not exist (yet)")));
        if (refusal.isPresent()) {
          refusals.add(refusal.get());
          all = false;
          continue;
        }
        RoleBinding wanted = binding(app, project, role.getKey(), clusterRole);
        RoleBinding current = existing.remove(key(project, wanted.getMetadata().getName()));
        try {
          apply(wanted, current);
        } catch (KubernetesClientException e) {
          if (e.getCode() == 403) {
            refusals.add(
                new Refusal(
                    Refusal.Kind.BindForbidden,
                    project,
                    role.getKey(),
                    "the operator is not allowed to bind ClusterRole "
                        + clusterRole
                        + "; allow it with the bind verb on this ClusterRole"));
          } else if (e.getCode() == 404) {
            refusals.add(new Refusal(Refusal.Kind.ProjectMissing, project, null, null));
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
    // Whatever is left belongs to a removed project or role, or is no longer allowed.
    existing.values().forEach(this::delete);
    return new BindingResult(bound, List.copyOf(refusals));
  }

  /**
   * Deletes every binding of the Application, in every namespace. Asks the API server, not the
   * cache: the Application's finalizer is released after this, so nothing may be left behind.
   */
  public void removeAll(Application app) {
    listFromApiServer(client, app).forEach(this::delete);
  }

  static List<RoleBinding> listFromApiServer(KubernetesClient client, Application app) {
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
    if (current != null && sameBinding(current, wanted)) {
      return;
    }
    if (current != null) {
      // roleRef cannot be changed in place.
      resource.withName(current.getMetadata().getName()).delete();
    }
    try {
      resource.resource(wanted).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Created a moment ago and not in the cache yet: compare with what the API server holds.
      RoleBinding actual = resource.withName(wanted.getMetadata().getName()).get();
      if (actual == null || !sameBinding(actual, wanted)) {
        apply(wanted, actual);
      }
    }
  }

  private static boolean sameBinding(RoleBinding current, RoleBinding wanted) {
    return Objects.equals(current.getRoleRef().getName(), wanted.getRoleRef().getName())
        && Objects.equals(current.getRoleRef().getKind(), wanted.getRoleRef().getKind())
        && subjectsOf(current).equals(subjectsOf(wanted));
  }

  private static List<String> subjectsOf(RoleBinding binding) {
    return Optional.ofNullable(binding.getSubjects()).orElse(List.of()).stream()
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

  private Namespace namespace(String name) {
    Namespace ns = cache.namespace(name).orElse(null);
    return ns != null && ns.getMetadata().getDeletionTimestamp() == null ? ns : null;
  }

  /**
   * Whether the ClusterRole exists; a refusal to read it (the operator may get only the
   * ClusterRoles it binds) counts as existing and lets the bind attempt decide.
   */
  private boolean clusterRoleExists(String name) {
    try {
      return client.rbac().clusterRoles().withName(name).get() != null;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return true;
      }
      throw e;
    }
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
