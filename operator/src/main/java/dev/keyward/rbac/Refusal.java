package dev.keyward.rbac;

/**
 * Why one role of an Application is not bound in one project. Kinds are listed from the most to the
 * least significant: the RolesBound condition reports the first that occurs.
 */
public record Refusal(Kind kind, String project, String role, String detail) {

  /** The reasons, also used as the RolesBound condition's reason and the Event's reason. */
  public enum Kind {
    NamespaceDenied,
    NamespaceNotAllowed,
    GrantMissing,
    ClusterRoleMissing,
    BindForbidden,
    ProjectMissing
  }

  /** One line for a condition message; names the role, the project and the cause. */
  public String describe() {
    return switch (kind) {
      case ProjectMissing -> project + ": namespace does not exist (yet)";
      default -> role + " in " + project + ": " + detail;
    };
  }
}
