package dev.keyward.rbac;

import dev.keyward.api.AccessGrant;
import dev.keyward.api.Application;
import dev.keyward.api.KeywardNames;
import dev.keyward.rolemap.RoleMap;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Grants an Application its roles in Kubernetes: its ServiceAccount, and the ClusterRole of each
 * mapped role bound in every project where the operator's rules and the project's grants allow it;
 * or takes all of it away. Reports the outcome as a condition would state it.
 */
public final class ApplicationRbac {

  /**
   * The outcome: projects fully bound, the RolesBound condition's state, and whether to look again
   * later because something the operator cannot watch (a ClusterRole) is missing.
   */
  public record Outcome(
      List<String> boundProjects,
      boolean bound,
      String reason,
      String message,
      boolean retryLater) {}

  private final ApplicationServiceAccount serviceAccounts;
  private final ProjectBindings bindings;

  public ApplicationRbac(ApplicationServiceAccount serviceAccounts, ProjectBindings bindings) {
    this.serviceAccounts = serviceAccounts;
    this.bindings = bindings;
  }

  /** Grants the Application its roles where allowed; {@code grants} lists a namespace's grants. */
  public Outcome grant(
      Application app, RoleMap map, Function<String, Collection<AccessGrant>> grants) {
    if (!serviceAccounts.ensure(app)) {
      bindings.removeAll(app);
      return new Outcome(
          List.of(),
          false,
          "ServiceAccountConflict",
          "ServiceAccount "
              + KeywardNames.serviceAccountName(app)
              + " exists and is not managed by this application; nothing is bound to it",
          false);
    }
    Map<String, RoleMap.Role> mapped = new LinkedHashMap<>();
    for (String role : orEmpty(app.getSpec().getRoles())) {
      map.role(role)
          .filter(r -> r.clusterRole() != null && !r.clusterRole().isBlank())
          .ifPresent(r -> mapped.put(role, r));
    }
    List<String> projects = orEmpty(app.getSpec().getProjects());
    BindingResult result = bindings.sync(app, mapped, projects, grants);
    if (!result.refusals().isEmpty()) {
      List<Refusal> refusals =
          result.refusals().stream().sorted(Comparator.comparing(Refusal::kind)).toList();
      return new Outcome(
          result.boundProjects(),
          false,
          refusals.get(0).kind().name(),
          "not bound: "
              + String.join("; ", refusals.stream().map(Refusal::describe).distinct().toList()),
          refusals.stream().anyMatch(r -> r.kind() == Refusal.Kind.ClusterRoleMissing));
    }
    return new Outcome(
        result.boundProjects(),
        true,
        "RolesBound",
        mapped.isEmpty()
            ? "no role maps to a ClusterRole"
            : "bound " + describe(mapped) + " in " + String.join(", ", projects),
        false);
  }

  /** Reads namespaces and existing bindings from {@code cache} from now on. */
  public void readFrom(ProjectCache cache) {
    bindings.readFrom(cache);
  }

  /** Removes every RoleBinding of the Application; the ServiceAccount stays, bound to nothing. */
  public void revoke(Application app) {
    bindings.removeAll(app);
  }

  private static String describe(Map<String, RoleMap.Role> roles) {
    return String.join(
        ", ",
        roles.entrySet().stream()
            .map(e -> e.getKey() + " (ClusterRole " + e.getValue().clusterRole() + ")")
            .toList());
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
