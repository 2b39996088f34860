package dev.keyward.chart;

import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiUser;
import dev.keyward.operator.ClientConfigs;
import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's admission policy on the real API server: a tenant holding only the built-in edit role
 * in its namespace cannot give an ApiUser a group or a role (which would raise the scope ceiling of
 * its tokens); with the verb assign on that group, granted by a cluster admin, it can.
 */
class ApiUserAssignAdmissionIT {

  private static final String TENANT = "tenant-assign";

  private final KubernetesClient admin = TestCluster.client();

  @Test
  void anEditOnlyTenantCannotAddAGroupOrRoleUntilItIsGrantedAssignOnIt() {
    String ns = TestCluster.createNamespace("tenant");
    List<HasMetadata> chart =
        HelmChart.renderObjects("assign", TestCluster.createNamespace("keyward-system"), Map.of());
    List<HasMetadata> installed =
        chart.stream()
            .filter(
                o ->
                    ((o instanceof ValidatingAdmissionPolicy
                                || o instanceof ValidatingAdmissionPolicyBinding)
                            && o.getMetadata().getName().contains("apiuser"))
                        || o.getMetadata().getName().equals("assign-keyward-edit"))
            .toList();
    assertThat(installed).hasSize(3);
    ChartInstall.apply(installed);
    try (KubernetesClient tenant = clientAs(TENANT)) {
      // What the chart's aggregated role adds to edit, bound directly (no aggregation controller).
      bind(ns, "edit");
      bind(ns, "assign-keyward-edit");

      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreException(AssertionError.class)
          .untilAsserted(
              () ->
                  assertThatThrownBy(
                          () ->
                              tenant
                                  .resource(user(ns, "mallory", "groups: [admin]"))
                                  .dryRun()
                                  .create())
                      .isInstanceOf(KubernetesClientException.class));
      assertThatThrownBy(() -> tenant.resource(user(ns, "mallory", "groups: [admin]")).create())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining(
              "adding groups to an ApiUser needs the verb assign on keyward.dev groups/<group>"
                  + " for each group added (admin); tenant-assign lacks it");
      assertThatThrownBy(
              () -> tenant.resource(user(ns, "mallory", "roles: [introspector]")).create())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("roles/<role> for each role added (introspector)");

      // What needs no assign still works: a plain user, and an update that only removes.
      tenant.resource(user(ns, "plain", "displayName: Plain")).create();
      admin.resource(user(ns, "legacy", "groups: [qa, ops]")).create();
      tenant
          .resources(ApiUser.class)
          .inNamespace(ns)
          .withName("legacy")
          .edit(
              u -> {
                u.getSpec().setGroups(List.of("qa"));
                u.getSpec().setDisplayName("Legacy");
                return u;
              });
      assertThatThrownBy(
              () ->
                  tenant
                      .resources(ApiUser.class)
                      .inNamespace(ns)
                      .withName("legacy")
                      .edit(
                          u -> {
                            u.getSpec().setGroups(List.of("qa", "ops"));
                            return u;
                          }))
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("for each group added (ops)");

      // A cluster admin grants assign on the admin group, in this namespace only.
      admin
          .rbac()
          .clusterRoles()
          .resource(
              new ClusterRoleBuilder()
                  .withNewMetadata()
                  .withName("keyward-assign-admin-group-test")
                  .endMetadata()
                  .addNewRule()
                  .withApiGroups("keyward.dev")
                  .withResources("groups")
                  .withResourceNames("admin")
                  .withVerbs("assign")
                  .endRule()
                  .build())
          .serverSideApply();
      bind(ns, "keyward-assign-admin-group-test");

      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> tenant.resource(user(ns, "ops", "groups: [admin]")).create() != null);
      assertThat(
              admin
                  .resources(ApiUser.class)
                  .inNamespace(ns)
                  .withName("ops")
                  .get()
                  .getSpec()
                  .getGroups())
          .containsExactly("admin");
      assertThatThrownBy(() -> tenant.resource(user(ns, "ops-2", "groups: [admin, qa]")).create())
          .as("assign on admin says nothing about qa")
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("for each group added (admin, qa)");
    } finally {
      installed.stream()
          .filter(o -> !(o instanceof ClusterRole))
          .forEach(o -> admin.resource(o).delete());
    }
  }

  private void bind(String ns, String clusterRole) {
    admin
        .rbac()
        .roleBindings()
        .inNamespace(ns)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(TENANT + "-" + clusterRole)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName(TENANT)
                .endSubject()
                .build())
        .serverSideApply();
  }

  private static ApiUser user(String ns, String name, String spec) {
    ApiUser user = Serialization.unmarshal(userYaml(name, spec), ApiUser.class);
    user.getMetadata().setNamespace(ns);
    return user;
  }

  private static KubernetesClient clientAs(String username) {
    Config config =
        new ConfigBuilder(TestCluster.client().getConfiguration())
            .withImpersonateUsername(username)
            .withImpersonateGroups("system:authenticated")
            .build();
    return ClientConfigs.client(config);
  }
}
