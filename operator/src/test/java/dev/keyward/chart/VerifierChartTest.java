package dev.keyward.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyward.testing.HelmChart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With verifier.separate the HTTP API runs in its own Deployment, under read-only RBAC. */
class VerifierChartTest {

  private static final String NS = "keyward-system";

  private static List<HasMetadata> render(Map<String, Object> values) {
    return HelmChart.renderObjects("keyward", NS, values);
  }

  private static List<String> args(List<HasMetadata> objects, String deployment) {
    return HelmChart.named(objects, Deployment.class, deployment)
        .orElseThrow()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getArgs();
  }

  @Test
  void byDefaultThereIsNoVerifierDeploymentAndTheOperatorServesHttp() {
    List<HasMetadata> objects = render(Map.of());

    assertThat(HelmChart.named(objects, Deployment.class, "keyward-verifier")).isEmpty();
    assertThat(args(objects, "keyward")).noneMatch(a -> a.startsWith("--mode"));
    assertThat(
            HelmChart.named(objects, Service.class, "keyward").orElseThrow().getSpec().getPorts())
        .extracting(ServicePort::getName)
        .contains("http");
  }

  @Test
  void separateVerifierServesHttpWhileTheOperatorOnlyReconciles() {
    List<HasMetadata> objects = render(Map.of("verifier.separate", true, "verifier.replicas", 3));

    Deployment verifier =
        HelmChart.named(objects, Deployment.class, "keyward-verifier").orElseThrow();
    assertThat(verifier.getSpec().getReplicas()).isEqualTo(3);
    assertThat(verifier.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("keyward-verifier");
    assertThat(args(objects, "keyward-verifier"))
        .contains("--mode=verifier", "--public-url=http://keyward-verifier." + NS + ".svc:8080")
        .noneMatch(a -> a.startsWith("--leader-election"));
    assertThat(args(objects, "keyward"))
        .contains("--mode=operator", "--public-url=http://keyward-verifier." + NS + ".svc:8080");
    // Without http and with metrics off the Service has no port left, so the chart renders none.
    assertThat(HelmChart.named(objects, Service.class, "keyward"))
        .as("the operator's Service exposes no HTTP API")
        .isEmpty();
    assertThat(
            HelmChart.named(
                    render(Map.of("verifier.separate", true, "metrics.service.enabled", true)),
                    Service.class,
                    "keyward")
                .orElseThrow()
                .getSpec()
                .getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("metrics");
    Service verifierService =
        HelmChart.named(objects, Service.class, "keyward-verifier").orElseThrow();
    assertThat(verifierService.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .contains("http");
    assertThat(verifierService.getSpec().getSelector())
        .isEqualTo(verifier.getSpec().getSelector().getMatchLabels());
    assertThat(
            HelmChart.named(objects, Deployment.class, "keyward")
                .orElseThrow()
                .getSpec()
                .getSelector()
                .getMatchLabels())
        .as("the operator Deployment does not select verifier pods")
        .isNotEqualTo(verifier.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void verifierRbacIsListAndWatchOnKeywardResourcesAndReadOnTheReleaseNamespacesSecretsOnly() {
    List<HasMetadata> objects = render(Map.of("verifier.separate", true));

    ClusterRole cluster =
        HelmChart.named(objects, ClusterRole.class, "keyward-verifier").orElseThrow();
    assertThat(cluster.getRules()).hasSize(1);
    assertThat(cluster.getRules().get(0).getApiGroups()).containsExactly("keyward.dev");
    assertThat(cluster.getRules().get(0).getResources())
        .containsExactlyInAnyOrder("apiusers", "apitokens", "applications", "signingcredentials");
    assertThat(cluster.getRules().get(0).getVerbs()).containsExactlyInAnyOrder("list", "watch");
    Role keys = HelmChart.named(objects, Role.class, "keyward-verifier-signing-keys").orElseThrow();
    assertThat(keys.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(keys.getRules()).hasSize(2);
    assertThat(keys.getRules().get(0).getResources()).containsExactly("secrets");
    assertThat(keys.getRules().get(0).getResourceNames()).containsExactly("keyward-signing-keys");
    assertThat(keys.getRules().get(0).getVerbs()).containsExactly("get");
    // The password records, watched in the release namespace (where the operator keeps them).
    assertThat(keys.getRules().get(1).getResources()).containsExactly("secrets");
    assertThat(keys.getRules().get(1).getResourceNames()).isEmpty();
    assertThat(keys.getRules().get(1).getVerbs()).containsExactlyInAnyOrder("list", "watch");
    assertThat(HelmChart.ofType(objects, Role.class))
        .filteredOn(r -> r.getMetadata().getName().startsWith("keyward-verifier"))
        .flatExtracting(Role::getRules)
        .flatExtracting(r -> r.getVerbs())
        .doesNotContain("create", "update", "patch", "delete");
  }
}
