package dev.keyward.testing;

import static org.awaitility.Awaitility.await;

import dev.keyward.operator.ClientConfigs;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * A tenant as an attacker would be one: a user holding only the built-in {@code edit} ClusterRole
 * in its own namespace, whose every request the API server authorizes as that user.
 */
public final class Tenants {

  private Tenants() {}

  /** Binds {@code user} to a ClusterRole in {@code namespace}. */
  public static void bind(String namespace, String user, String clusterRole) {
    TestCluster.client()
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(user + "-" + clusterRole)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(user)
                .endSubject()
                .build())
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Gives {@code user} the built-in edit role in {@code namespace} and waits until the aggregation
   * controller has folded Keyward's resources into it (the chart's aggregated roles must be
   * applied).
   */
  public static KubernetesClient editor(String namespace, String user) {
    bind(namespace, user, "edit");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> may(user, "create", "keyward.dev", "applications", namespace));
    return clientAs(user);
  }

  /**
   * Lets {@code user} assign the Keyward {@code role} and bind its {@code clusterRole} in {@code
   * namespace}, as a cluster admin would for a team allowed to give its Applications that role.
   */
  public static void allowAssignAndBind(
      String namespace, String user, String role, String clusterRole) {
    allow(
        namespace,
        user,
        role,
        assignRule(role),
        new PolicyRuleBuilder()
            .withApiGroups("rbac.authorization.k8s.io")
            .withResources("clusterroles")
            .withVerbs("bind")
            .withResourceNames(clusterRole)
            .build());
  }

  /**
   * Lets {@code user} assign the Keyward {@code role} (one without a ClusterRole) to its ApiUsers
   * in {@code namespace}.
   */
  public static void allowAssign(String namespace, String user, String role) {
    allow(namespace, user, role, assignRule(role));
  }

  private static PolicyRule assignRule(String role) {
    return new PolicyRuleBuilder()
        .withApiGroups("keyward.dev")
        .withResources("roles")
        .withVerbs("assign")
        .withResourceNames(role)
        .build();
  }

  private static void allow(String namespace, String user, String role, PolicyRule... rules) {
    String name = "keyward-it-assign-" + role + "-" + namespace;
    TestCluster.client()
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withRules(rules)
                .build())
        .forceConflicts()
        .serverSideApply();
    bind(namespace, user, name);
  }

  public static KubernetesClient clientAs(String user) {
    return ClientConfigs.client(
        new ConfigBuilder(TestCluster.client().getConfiguration())
            .withImpersonateUsername(user)
            .withImpersonateGroups("system:authenticated")
            .build());
  }

  /** Whether the API server lets {@code user} do it. */
  public static boolean may(
      String user, String verb, String group, String resource, String namespace) {
    return TestCluster.client()
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(
            new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(user)
                .withGroups("system:authenticated")
                .withNewResourceAttributes()
                .withGroup(group)
                .withResource(resource)
                .withVerb(verb)
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build())
        .getStatus()
        .getAllowed();
  }
}
