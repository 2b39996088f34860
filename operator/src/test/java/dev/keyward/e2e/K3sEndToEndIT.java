package dev.keyward.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.api.ApiToken;
import dev.keyward.testing.HelmChart;
import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * End to end on a real k3s node: imports the operator image the build made (Jib, {@code
 * target/keyward-image.tar}) into k3s's containerd, installs the chart with it, applies the
 * examples and runs a pod that mounts the generated Secret and calls Keyward's own key-protected
 * {@code /whoami} through the chart's Service. Needs a Docker engine; skipped without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sEndToEndIT {

  private static final String IMAGE =
      System.getProperty("keyward.image", "keyward.local/keyward-operator:0.1.0-SNAPSHOT");
  private static final Path TARBALL =
      Path.of(System.getProperty("keyward.image.tarball", "target/keyward-image.tar"));
  private static final String RELEASE_NS = "keyward-system";
  private static final String APP_NS = "e2e";

  @Container
  private static final K3sContainer K3S =
      new K3sContainer(DockerImageName.parse("rancher/k3s:v1.34.1-k3s1"));

  private static KubernetesClient client;

  /** The key is well formed, and Keyward answers with its owner when the pod presents it. */
  private static final String CHECK =
      "set -e; grep -Eq '^kwt_[0-9A-Za-z]{38}$' /keys/token;"
          + " wget -qO- --header \"X-API-Key: $(cat /keys/token)\""
          + " http://keyward.keyward-system.svc:8080/whoami | grep -q '\"username\":\"bob\"'";

  @BeforeAll
  static void installChartWithLocallyBuiltImage() throws Exception {
    loadImageIntoK3s();

    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
            .build();
    for (String ns : List.of(RELEASE_NS, APP_NS)) {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .serverSideApply();
    }
    try (Stream<Path> crds = Files.list(HelmChart.directory().resolve("crds"))) {
      for (Path crd : crds.sorted().toList()) {
        try (InputStream in = Files.newInputStream(crd)) {
          client.load(in).serverSideApply();
        }
      }
    }
    List<HasMetadata> objects =
        HelmChart.renderObjects(
            "keyward",
            RELEASE_NS,
            Map.of(
                "image.repository", IMAGE.substring(0, IMAGE.lastIndexOf(':')),
                "image.tag", IMAGE.substring(IMAGE.lastIndexOf(':') + 1),
                "image.pullPolicy", "Never"));
    for (HasMetadata object : objects) {
      client.resource(object).serverSideApply();
    }
    client
        .apps()
        .deployments()
        .inNamespace(RELEASE_NS)
        .withName("keyward")
        .waitUntilReady(5, TimeUnit.MINUTES);
  }

  /** k3s runs containerd: the image tarball is imported into its store. */
  private static void loadImageIntoK3s() throws Exception {
    K3S.copyFileToContainer(MountableFile.forHostPath(TARBALL), "/tmp/keyward-image.tar");
    var result =
        K3S.execInContainer("ctr", "-n", "k8s.io", "images", "import", "/tmp/keyward-image.tar");
    assertThat(result.getExitCode()).as(result.getStderr()).isZero();
  }

  @AfterAll
  static void closeClient() {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void podMountsTheGeneratedKeyAndIsRecognisedByKeywardThroughTheService() throws Exception {
    try (Stream<Path> examples = Files.list(TestCluster.repoRoot().resolve("examples"))) {
      for (Path file : examples.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        try (InputStream example = Files.newInputStream(file)) {
          client.load(example).inNamespace(APP_NS).serverSideApply();
        }
      }
    }
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () -> {
              ApiToken token =
                  client.resources(ApiToken.class).inNamespace(APP_NS).withName("bob-ci").get();
              assertThat(token.getStatus()).isNotNull();
              assertThat(token.getStatus().getPhase()).isEqualTo("Active");
            });

    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("uses-bob-ci")
            .endMetadata()
            .withNewSpec()
            .withRestartPolicy("Never")
            .addNewContainer()
            .withName("check")
            .withImage("busybox:1.36")
            .withCommand("sh", "-c", CHECK)
            .addNewVolumeMount()
            .withName("key")
            .withMountPath("/keys")
            .withReadOnly(true)
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("key")
            .withNewSecret()
            .withSecretName("bob-ci")
            .endSecret()
            .endVolume()
            .endSpec()
            .build();
    client.pods().inNamespace(APP_NS).resource(pod).create();
    Pod done =
        client
            .pods()
            .inNamespace(APP_NS)
            .withName("uses-bob-ci")
            .waitUntilCondition(
                p ->
                    p != null
                        && p.getStatus() != null
                        && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()),
                3,
                TimeUnit.MINUTES);
    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
  }
}
