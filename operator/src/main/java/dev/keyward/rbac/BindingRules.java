package dev.keyward.rbac;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.AccessGrantSource;
import dev.keyward.api.AccessGrantSpec;
import dev.keyward.rolemap.RoleMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's own ceilings on where an Application's role may be bound, checked before any
 * RoleBinding is written and holding with or without the admission policy: the deny-list and the
 * operator's namespace, the role map's namespace restriction, and consent of the target namespace
 * through an AccessGrant (the Application's own namespace needs none: its tenant already controls
 * it).
 */
public final class BindingRules {

  private final BindingLimits limits;

  public BindingRules(BindingLimits limits) {
    this.limits = limits;
  }

  /**
   * Why {@code role} of the Application {@code appNamespace/appName} may not be bound in {@code
   * project} (a namespace with {@code labels}, holding {@code grants}), or empty when it may.
   */
  public Optional<Refusal> check(
      String appNamespace,
      String appName,
      String role,
      RoleMap.Role mapped,
      String project,
      Map<String, String> labels,
      Collection<AccessGrant> grants) {
    Optional<String> denied = limits.refusal(project);
    if (denied.isPresent()) {
      return Optional.of(
          new Refusal(
              Refusal.Kind.NamespaceDenied,
              project,
              role,
              "the operator never binds there: " + denied.get()));
    }
    if (!mapped.allowedIn(project, labels)) {
      return Optional.of(
          new Refusal(
              Refusal.Kind.NamespaceNotAllowed,
              project,
              role,
              "the role map restricts role " + role + " to other namespaces"));
    }
    if (!project.equals(appNamespace) && !admits(grants, appNamespace, appName, role)) {
      return Optional.of(
          new Refusal(
              Refusal.Kind.GrantMissing,
              project,
              role,
              "no AccessGrant in namespace "
                  + project
                  + " admits role "
                  + role
                  + " from namespace "
                  + appNamespace
                  + "; a namespace admin of "
                  + project
                  + " consents by creating one"));
    }
    return Optional.empty();
  }

  /** Whether a grant (kind RoleBinding) admits the role for this Application. */
  public static boolean admits(
      Collection<AccessGrant> grants, String appNamespace, String appName, String role) {
    return grants.stream()
        .map(AccessGrant::getSpec)
        .filter(
            spec -> spec != null && spec.kindsOrDefault().contains(AccessGrantSpec.ROLE_BINDING))
        .filter(spec -> orEmpty(spec.getRoles()).contains(role))
        .anyMatch(
            spec -> orEmpty(spec.getFrom()).stream().anyMatch(f -> from(f, appNamespace, appName)));
  }

  private static boolean from(AccessGrantSource source, String namespace, String name) {
    return namespace.equals(source.getNamespace())
        && source.getApiToken() == null
        && (source.getApplication() == null || source.getApplication().equals(name));
  }

  private static <T> List<T> orEmpty(List<T> values) {
    return values == null ? List.of() : values;
  }
}
