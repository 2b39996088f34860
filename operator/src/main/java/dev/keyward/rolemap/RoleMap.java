package dev.keyward.rolemap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Operator configuration: which API scopes each role and each group allows, and the ClusterRole a
 * role maps to. The scopes a user's tokens may carry are the union over its roles and groups.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record RoleMap(
    @JsonProperty("roles") Map<String, Role> roles,
    @JsonProperty("groups") Map<String, Group> groups) {

  /**
   * A role: its scopes and, optionally, the ClusterRole bound for applications holding it, and the
   * namespaces it may be bound in (a list, a label selector, or both; neither means any).
   */
  public record Role(
      @JsonProperty("scopes") List<String> scopes,
      @JsonProperty("clusterRole") String clusterRole,
      @JsonProperty("namespaces") List<String> namespaces,
      @JsonProperty("namespaceSelector") NamespaceSelector namespaceSelector) {

    public Role(List<String> scopes, String clusterRole) {
      this(scopes, clusterRole, null, null);
    }

    /**
     * Whether the role may be bound in the namespace with these labels: it must be listed in {@code
     * namespaces} when that is set, and match {@code namespaceSelector} when that is set.
     */
    public boolean allowedIn(String namespace, Map<String, String> labels) {
      return (namespaces == null || namespaces.contains(namespace))
          && (namespaceSelector == null || namespaceSelector.matches(labels));
    }
  }

  /** Labels a namespace must carry, as in a Kubernetes label selector's matchLabels. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record NamespaceSelector(@JsonProperty("matchLabels") Map<String, String> matchLabels) {

    public boolean matches(Map<String, String> labels) {
      Map<String, String> actual = labels == null ? Map.of() : labels;
      return matchLabels == null
          || matchLabels.entrySet().stream()
              .allMatch(e -> e.getValue().equals(actual.get(e.getKey())));
    }
  }

  /** A group: scopes its members may use (KernelCI: the admin scope needs the admin group). */
  public record Group(@JsonProperty("scopes") List<String> scopes) {}

  public static final RoleMap EMPTY = new RoleMap(Map.of(), Map.of());

  public RoleMap {
    roles = roles == null ? Map.of() : Map.copyOf(roles);
    groups = groups == null ? Map.of() : Map.copyOf(groups);
  }

  /** Every scope that the given roles and groups allow. */
  public Set<String> ceiling(Collection<String> userRoles, Collection<String> userGroups) {
    Set<String> allowed = new TreeSet<>();
    for (String role : nullSafe(userRoles)) {
      Role r = roles.get(role);
      if (r != null && r.scopes() != null) {
        allowed.addAll(r.scopes());
      }
    }
    for (String group : nullSafe(userGroups)) {
      Group g = groups.get(group);
      if (g != null && g.scopes() != null) {
        allowed.addAll(g.scopes());
      }
    }
    return allowed;
  }

  /** The requested scopes that lie outside the ceiling, in order. */
  public List<String> notAllowed(
      Collection<String> requested, Collection<String> userRoles, Collection<String> userGroups) {
    Set<String> allowed = ceiling(userRoles, userGroups);
    return nullSafe(requested).stream().filter(s -> !allowed.contains(s)).toList();
  }

  /** Roles that the map does not define. */
  public List<String> unknownRoles(Collection<String> requested) {
    return nullSafe(requested).stream().filter(r -> !roles.containsKey(r)).toList();
  }

  public Optional<Role> role(String name) {
    return Optional.ofNullable(roles.get(name));
  }

  public Optional<String> clusterRoleFor(String role) {
    return Optional.ofNullable(roles.get(role)).map(Role::clusterRole);
  }

  private static <T> Collection<T> nullSafe(Collection<T> values) {
    return values == null ? List.of() : values;
  }
}
