package dev.keyward.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.testing.ChartInstall;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The chart's aggregated ClusterRoles reach the built-in view and edit roles (through the real
 * kube-controller-manager's aggregation), so namespace viewers read and editors manage Keyward
 * resources there, and nowhere else.
 */
class AggregatedRolesIT {

  private final KubernetesClient admin = TestCluster.client();

  private void bind(String namespace, String user, String clusterRole) {
    admin
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
        .create();
  }

  private boolean allowed(String user, String verb, String resource, String namespace) {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withNewResourceAttributes()
            .withGroup("keyward.dev")
            .withResource(resource)
            .withVerb(verb)
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  @Test
  void namespaceViewersReadAndEditorsManageKeywardResourcesOnlyInTheirNamespace() {
    String system = TestCluster.createNamespace("keyward-system");
    ChartInstall.apply(HelmChart.renderObjects("aggregation-keyward", system, Map.of()));
    String team = TestCluster.createNamespace("team");
    String other = TestCluster.createNamespace("other-team");
    bind(team, "viewer", "view");
    bind(team, "editor", "edit");

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> allowed("viewer", "list", "apitokens", team));
    assertThat(allowed("viewer", "get", "apiusers", team)).isTrue();
    assertThat(allowed("viewer", "create", "apitokens", team)).isFalse();
    assertThat(allowed("viewer", "list", "apitokens", other)).isFalse();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> allowed("editor", "create", "apitokens", team));
    assertThat(allowed("editor", "delete", "apiusers", team)).isTrue();
    assertThat(allowed("editor", "update", "applications", team)).isTrue();
    assertThat(allowed("editor", "create", "apitokens", other)).isFalse();
    // Status belongs to the operator: editors cannot forge an Active phase.
    assertThat(allowed("editor", "update", "apitokens/status", team)).isFalse();
    // A grant is the namespace's consent to RoleBindings: editors read grants, admins write them.
    assertThat(allowed("editor", "list", "accessgrants", team)).isTrue();
    assertThat(allowed("editor", "create", "accessgrants", team)).isFalse();
    assertThat(allowed("viewer", "list", "accessgrants", team)).isTrue();
    bind(team, "namespace-admin", "admin");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> allowed("namespace-admin", "create", "accessgrants", team));
    assertThat(allowed("namespace-admin", "create", "accessgrants", other)).isFalse();
    // Nobody gets assign on Keyward's virtual roles and groups through the built-in roles.
    for (String user : List.of("viewer", "editor", "namespace-admin")) {
      assertThat(allowed(user, "assign", "roles", team)).as(user).isFalse();
      assertThat(allowed(user, "assign", "groups", team)).as(user).isFalse();
    }
  }
}
