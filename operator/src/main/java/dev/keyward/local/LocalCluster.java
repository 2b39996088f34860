package dev.keyward.local;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real kube-apiserver with etcd (through fabric8 kube-api-test) and, when its binary is
 * available, a kube-controller-manager running the garbage collector and namespace controllers.
 * Used by the local mode and by the tests.
 */
public final class LocalCluster implements AutoCloseable {

  /** The Kubernetes release whose binaries are used; the build script caches the same one. */
  public static final String DEFAULT_VERSION = "1.34.4";

  private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);

  private final String version;
  private final Path binaryDir;
  private final KubeAPIServer apiServer;
  private ControllerManagerProcess controllerManager;
  private Path kubeconfig;

  public LocalCluster(String version) {
    this.version = version;
    this.binaryDir = binaryDirectory(version);
    boolean cached = Files.isExecutable(binaryDir.resolve("kube-apiserver"));
    this.apiServer =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(version)
                // offline mode through the builder: the environment variable form is broken
                .withOfflineMode(cached)
                .withStartupTimeout(120_000)
                .build());
  }

  public static LocalCluster start() {
    String version = System.getProperty("keyward.kube.version", DEFAULT_VERSION);
    LocalCluster cluster = new LocalCluster(version);
    cluster.startProcesses();
    return cluster;
  }

  /** Where kube-api-test keeps (and the build script caches) the binaries of a release. */
  public static Path binaryDirectory(String version) {
    String base =
        Optional.ofNullable(System.getenv(KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR))
            .orElse(Path.of(System.getProperty("user.home"), ".kubeapitest").toString());
    return Path.of(base, "k8s", version + "-linux-amd64");
  }

  private void startProcesses() {
    long start = System.nanoTime();
    apiServer.start();
    try {
      kubeconfig = Files.createTempFile("keyward-local-", ".kubeconfig");
      Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path cm = binaryDir.resolve("kube-controller-manager");
    if (Files.isExecutable(cm)) {
      controllerManager = new ControllerManagerProcess(cm, kubeconfig);
      controllerManager.start();
    } else {
      log.warn(
          "kube-controller-manager not found in {}: no garbage collection or namespace deletion",
          binaryDir);
    }
    log.info(
        "local Kubernetes {} API server ready in {} ms",
        version,
        (System.nanoTime() - start) / 1_000_000);
  }

  public boolean hasControllerManager() {
    return controllerManager != null && controllerManager.isAlive();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public String kubeconfigYaml() {
    return apiServer.getKubeConfigYaml();
  }

  public Config clientConfig() {
    return Config.fromKubeconfig(apiServer.getKubeConfigYaml());
  }

  public KubernetesClient newClient() {
    return new KubernetesClientBuilder().withConfig(clientConfig()).build();
  }

  public Path binary(String name) {
    return binaryDir.resolve(name);
  }

  @Override
  public void close() {
    if (controllerManager != null) {
      controllerManager.stop();
    }
    apiServer.stop();
    try {
      if (kubeconfig != null) {
        Files.deleteIfExists(kubeconfig);
      }
    } catch (IOException e) {
      log.debug("could not delete {}", kubeconfig, e);
    }
  }
}
