package dev.keyward.rbac;

import java.util.List;

/**
 * What syncing an Application's RoleBindings achieved: projects fully bound, and every (role,
 * project) left unbound with the reason why.
 */
public record BindingResult(List<String> boundProjects, List<Refusal> refusals) {}
