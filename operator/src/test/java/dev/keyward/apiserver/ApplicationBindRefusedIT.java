package dev.keyward.apiserver;

import static dev.keyward.testing.Applications.awaitPhase;
import static dev.keyward.testing.Applications.may;
import static dev.keyward.testing.Applications.yaml;
import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.operator.ClientConfigs;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.Applications;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator running as a ServiceAccount with only the permissions it should have: it binds the
 * ClusterRoles its RBAC names and reports the others as refused, never escalating.
 */
class ApplicationBindRefusedIT {

  private static KubernetesClient restricted;
  private static KeywardOperator operator;

  @BeforeAll
  static void startRestrictedOperator() throws Exception {
    KubernetesClient admin = TestCluster.client();
    Applications.ensureProjectClusterRoles();
    String home = TestCluster.createNamespace("keyward-operator");
    admin
        .serviceAccounts()
        .inNamespace(home)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("keyward").endMetadata().build())
        .create();
    try (InputStream in =
        ApplicationBindRefusedIT.class.getResourceAsStream("/rbac/operator-clusterrole.yaml")) {
      ClusterRole role = admin.rbac().clusterRoles().load(in).item();
      admin.resource(role).forceConflicts().serverSideApply();
    }
    admin
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("keyward-operator-restricted-" + home)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("keyward-operator-restricted")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName("keyward")
                .withNamespace(home)
                .endSubject()
                .build())
        .create();
    restricted =
        ClientConfigs.client(
            new ConfigBuilder(admin.getConfiguration())
                .withImpersonateUsername("system:serviceaccount:" + home + ":keyward")
                .withImpersonateGroups("system:serviceaccounts", "system:authenticated")
                .build());
    operator =
        new KeywardOperator(
            restricted, KeywardConfig.defaults(TestOperator.exampleRoleMapSource()));
    operator.start();
  }

  @AfterAll
  static void stop() {
    operator.close();
    restricted.close();
  }

  @Test
  void aClusterRoleTheOperatorMayNotBindIsRefusedWithAConditionAndTheAllowedOneIsBound() {
    String ns = TestCluster.createNamespace("refused");
    String project = TestCluster.createNamespace("refused-project");

    Applications.grantAll(ns, project);
    apply(ns, yaml("greedy", "[researcher, editor]", "[" + project + "]", ""));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(condition(awaitPhase(ns, "greedy", "Active").getStatus(), "RolesBound"))
                    .hasValueSatisfying(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("BindForbidden");
                          assertThat(c.getMessage())
                              .contains("editor in " + project)
                              .contains("ClusterRole keyward-editor")
                              .doesNotContain("researcher");
                        }));
    assertThat(may(ns, "kwapp-greedy", "create", "batch", "jobs", project)).isTrue();
    assertThat(may(ns, "kwapp-greedy", "create", "apps", "deployments", project)).isFalse();
    assertThat(may(ns, "kwapp-greedy", "get", "", "secrets", project)).isFalse();
    assertThat(awaitPhase(ns, "greedy", "Active").getStatus().getBoundProjects()).isEmpty();
    assertThat(TestCluster.client().v1().events().inNamespace(ns).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("BindForbidden");
              assertThat(e.getType()).isEqualTo("Warning");
            });
  }
}
