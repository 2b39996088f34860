package dev.keyward.rbac;

import dev.keyward.KeywardNames;
import dev.keyward.api.Application;
import dev.keyward.rolemap.RoleMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grants an Application its roles in Kubernetes: its ServiceAccount, and the ClusterRole of each
 * mapped role bound in every project; or takes all of it away. Reports the outcome as a condition
 * would state it.
 */
public final class ApplicationRbac {

  /** The outcome: projects fully bound, and the RolesBound condition's state. */
  public record Outcome(List<String> boundProjects, boolean bound, String reason, String message) {}

  private final ApplicationServiceAccount serviceAccounts;
  private final ProjectBindings bindings;

  public ApplicationRbac(ApplicationServiceAccount serviceAccounts, ProjectBindings bindings) {
    this.serviceAccounts = serviceAccounts;
    this.bindings = bindings;
  }

  public Outcome grant(Application app, RoleMap map) {
    if (!serviceAccounts.ensure(app)) {
      bindings.removeAll(app);
      return new Outcome(
          List.of(),
          false,
          "ServiceAccountConflict",
          "ServiceAccount "
              + KeywardNames.serviceAccountName(app)
              + " exists and is not managed by this application; nothing is bound to it");
    }
    Map<String, String> clusterRoles = new LinkedHashMap<>();
    orEmpty(app.getSpec().getRoles())
        .forEach(r -> map.clusterRoleFor(r).ifPresent(c -> clusterRoles.put(r, c)));
    List<String> projects = orEmpty(app.getSpec().getProjects());
    BindingResult result = bindings.sync(app, clusterRoles, projects);
    if (!result.forbidden().isEmpty()) {
      return new Outcome(
          result.boundProjects(),
          false,
          "BindForbidden",
          "the operator is not allowed to bind "
              + describe(result.forbidden())
              + "; allow it with the bind verb on these ClusterRoles");
    }
    if (!result.missingProjects().isEmpty()) {
      return new Outcome(
          result.boundProjects(),
          false,
          "ProjectMissing",
          "project namespaces do not exist (yet): " + String.join(", ", result.missingProjects()));
    }
    return new Outcome(
        result.boundProjects(),
        true,
        "RolesBound",
        clusterRoles.isEmpty()
            ? "no role maps to a ClusterRole"
            : "bound " + describe(clusterRoles) + " in " + String.join(", ", projects));
  }

  /** Removes every RoleBinding of the Application; the ServiceAccount stays, bound to nothing. */
  public void revoke(Application app) {
    bindings.removeAll(app);
  }

  private static String describe(Map<String, String> roleToClusterRole) {
    return String.join(
        ", ",
        roleToClusterRole.entrySet().stream()
            .map(e -> e.getKey() + " (ClusterRole " + e.getValue() + ")")
            .toList());
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
