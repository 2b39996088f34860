package dev.keyward.testing;

import dev.keyward.operator.ClientConfigs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Installs the chart's rendered manifests on the test API server (what {@code helm install} would
 * create, minus the Deployment's pods: the test API server has no kubelet) and hands out a client
 * that acts as the chart's ServiceAccount, through impersonation.
 */
public final class ChartInstall {

  private ChartInstall() {}

  /** Applies the chart's CRDs and the given rendered objects as the cluster admin. */
  public static void apply(List<HasMetadata> objects) {
    KubernetesClient admin = TestCluster.client();
    for (Path crd : chartCrds()) {
      try (InputStream in = Files.newInputStream(crd)) {
        admin.load(in).forceConflicts().serverSideApply();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (HasMetadata object : objects) {
      admin.resource(object).forceConflicts().serverSideApply();
    }
  }

  /** A client whose every request the API server authorizes as the given ServiceAccount. */
  public static KubernetesClient clientAs(String namespace, String serviceAccount) {
    Config admin = TestCluster.client().getConfiguration();
    Config impersonating =
        new ConfigBuilder(admin)
            .withImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount)
            .withImpersonateGroups(
                "system:serviceaccounts",
                "system:serviceaccounts:" + namespace,
                "system:authenticated")
            .build();
    return ClientConfigs.client(impersonating);
  }

  private static List<Path> chartCrds() {
    try (Stream<Path> files = Files.list(HelmChart.directory().resolve("crds"))) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
