package dev.keyward.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keyward.testing.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The test cluster runs kube-controller-manager: owner-reference garbage collection and namespace
 * deletion are real, so tests of cleanup prove what happens in a cluster.
 */
class ControllerManagerIT {

  private final KubernetesClient client = TestCluster.client();

  @Test
  void deletingAnOwnerGarbageCollectsWhatItOwns() {
    String namespace = TestCluster.createNamespace("gc");
    ConfigMap owner =
        client
            .configMaps()
            .inNamespace(namespace)
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
            .create();
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("owned")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("owner")
                .withUid(owner.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .addToStringData("k", "v")
                .build())
        .create();

    client.configMaps().inNamespace(namespace).withName("owner").delete();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.secrets().inNamespace(namespace).withName("owned").get() == null);
  }

  @Test
  void deletedNamespaceIsEmptiedAndRemoved() {
    String namespace = TestCluster.createNamespace("ns-delete");
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder().withNewMetadata().withName("content").endMetadata().build())
        .create();

    TestCluster.deleteNamespace(namespace);

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.namespaces().withName(namespace).get() == null);
    assertThat(client.configMaps().inNamespace(namespace).list().getItems()).isEmpty();
  }
}
