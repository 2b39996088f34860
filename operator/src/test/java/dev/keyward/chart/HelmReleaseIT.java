package dev.keyward.chart;

import static dev.keyward.testing.Resources.apply;
import static dev.keyward.testing.Resources.awaitTokenPhase;
import static dev.keyward.testing.Resources.secretValue;
import static dev.keyward.testing.Resources.tokenYaml;
import static dev.keyward.testing.Resources.userYaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.keyward.api.ApiToken;
import dev.keyward.operator.KeywardOperator;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.TestCluster;
import dev.keyward.testing.TestOperator;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the README promises about {@code helm install}, {@code upgrade} and {@code uninstall}, done
 * with Helm itself against the real API server.
 */
class HelmReleaseIT {

  private static final String RELEASE = "release-keyward";

  private final KubernetesClient admin = TestCluster.client();
  private final Path kubeconfig = TestCluster.cluster().kubeconfig();

  private PolicyRule bindRule() {
    ClusterRole role = admin.rbac().clusterRoles().withName(RELEASE).get();
    return role.getRules().stream()
        .filter(r -> r.getVerbs().contains("bind"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void upgradeFollowsTheRoleMapAndUninstallKeepsResourcesAndTheirSecrets() {
    String system = TestCluster.createNamespace("keyward-system");
    String team = TestCluster.createNamespace("release-team");
    new Helm(HelmChart.directory())
        .install()
        .withName(RELEASE)
        .withNamespace(system)
        .withKubeConfig(kubeconfig)
        // Other tests on this shared API server created the project ClusterRoles without Helm's
        // ownership: the case the README's upgrade note describes.
        .set("rbac.projectClusterRoles", false)
        .call();
    assertThat(admin.configMaps().inNamespace(system).withName(RELEASE + "-role-map").get())
        .isNotNull();
    assertThat(bindRule().getResourceNames()).contains("keyward-researcher");

    Helm.upgrade(HelmChart.directory().toString())
        .withName(RELEASE)
        .withNamespace(system)
        .withKubeConfig(kubeconfig)
        .reuseValues()
        .set("roleMap.roles.researcher.clusterRole", "research-jobs")
        .call();
    assertThat(
            admin
                .configMaps()
                .inNamespace(system)
                .withName(RELEASE + "-role-map")
                .get()
                .getData()
                .get("role-map.yaml"))
        .contains("clusterRole: research-jobs");
    assertThat(bindRule().getResourceNames())
        .contains("research-jobs")
        .doesNotContain("keyward-researcher");

    KeywardOperator operator = TestOperator.start();
    String key;
    try {
      apply(team, userYaml("frank", "roles: [runner]"));
      apply(team, tokenYaml("frank-ci", "frank", "scopes: [runners.read]"));
      awaitTokenPhase(team, "frank-ci", "Active");
      key = secretValue(team, "frank-ci", "token");
    } finally {
      operator.close();
    }

    Helm.uninstall(RELEASE).withNamespace(system).withKubeConfig(kubeconfig).call();
    assertThat(admin.rbac().clusterRoles().withName(RELEASE).get()).isNull();
    assertThat(admin.apps().deployments().inNamespace(system).withName(RELEASE).get()).isNull();
    assertThat(admin.serviceAccounts().inNamespace(system).withName(RELEASE).get()).isNull();
    // Helm never deletes CRDs: the resources and their keys stay, pods keep mounting them.
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("apitokens.keyward.dev")
                .get())
        .isNotNull();
    assertThat(admin.resources(ApiToken.class).inNamespace(team).withName("frank-ci").get())
        .isNotNull();
    assertThat(secretValue(team, "frank-ci", "token")).isEqualTo(key);
  }
}
