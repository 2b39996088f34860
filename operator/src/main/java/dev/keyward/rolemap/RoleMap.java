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
   * namespaces it holds in (a list, a label selector, or both; neither means any): Applications
   * have it bound only in those namespaces, and ApiUsers get its scopes only when they live in one.
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

  /**
   * A group: scopes its members may use (KernelCI: the admin scope needs the admin group), and the
   * namespaces whose ApiUsers it gives them to (a list, a label selector, or both; neither means
   * any).
   */
  public record Group(
      @JsonProperty("scopes") List<String> scopes,
      @JsonProperty("namespaces") List<String> namespaces,
      @JsonProperty("namespaceSelector") NamespaceSelector namespaceSelector) {

    public Group(List<String> scopes) {
      this(scopes, null, null);
    }

    /** Whether members living in the namespace with these labels get the group's scopes. */
    public boolean allowedIn(String namespace, Map<String, String> labels) {
      return (namespaces == null || namespaces.contains(namespace))
          && (namespaceSelector == null || namespaceSelector.matches(labels));
    }
  }

  public static final RoleMap EMPTY = new RoleMap(Map.of(), Map.of());

  public RoleMap {
    roles = roles == null ? Map.of() : Map.copyOf(roles);
    groups = groups == null ? Map.of() : Map.copyOf(groups);
  }

  /**
   * Every scope that the given roles and groups allow to an identity living in {@code namespace}
   * (with {@code labels}): a role or group restricted to other namespaces contributes nothing.
   */
  public Set<String> ceiling(
      String namespace,
      Map<String, String> labels,
      Collection<String> userRoles,
      Collection<String> userGroups) {
    Set<String> allowed = new TreeSet<>();
    for (String role : nullSafe(userRoles)) {
      Role r = roles.get(role);
      if (r != null && r.scopes() != null && r.allowedIn(namespace, labels)) {
        allowed.addAll(r.scopes());
      }
    }
    for (String group : nullSafe(userGroups)) {
      Group g = groups.get(group);
      if (g != null && g.scopes() != null && g.allowedIn(namespace, labels)) {
        allowed.addAll(g.scopes());
      }
    }
    return allowed;
  }

  /** The requested scopes that lie outside the ceiling, in order. */
  public List<String> notAllowed(
      Collection<String> requested,
      String namespace,
      Map<String, String> labels,
      Collection<String> userRoles,
      Collection<String> userGroups) {
    Set<String> allowed = ceiling(namespace, labels, userRoles, userGroups);
    return nullSafe(requested).stream().filter(s -> !allowed.contains(s)).toList();
  }

  /**
   * Every scope the given roles allow an Application: its roles' restrictions govern where they are
   * bound (its projects), not where the Application lives.
   */
  public Set<String> applicationScopes(Collection<String> appRoles) {
    Set<String> allowed = new TreeSet<>();
    for (String role : nullSafe(appRoles)) {
      Role r = roles.get(role);
      if (r != null && r.scopes() != null) {
        allowed.addAll(r.scopes());
      }
    }
    return allowed;
  }

  /**
   * Whether any of these roles or groups is restricted by a label selector, so that judging a
   * ceiling needs the namespace's labels.
   */
  public boolean selectsByLabels(Collection<String> userRoles, Collection<String> userGroups) {
    return nullSafe(userRoles).stream()
            .map(roles::get)
            .anyMatch(r -> r != null && r.namespaceSelector() != null)
        || nullSafe(userGroups).stream()
            .map(groups::get)
            .anyMatch(g -> g != null && g.namespaceSelector() != null);
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
