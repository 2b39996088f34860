package dev.keyward.rbac;

import java.util.List;
import java.util.Map;

/**
 * What syncing an Application's RoleBindings achieved: projects fully bound, projects whose
 * namespace does not exist, and roles whose ClusterRole the operator is not allowed to bind.
 */
public record BindingResult(
    List<String> boundProjects, List<String> missingProjects, Map<String, String> forbidden) {}
