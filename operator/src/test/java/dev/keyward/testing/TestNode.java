package dev.keyward.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.keyward.local.LocalCluster;
import dev.keyward.local.LocalNode;
import java.util.Optional;

/**
 * The one-node part of the shared test cluster (containerd, kubelet, scheduler, workload
 * controllers), started once by the first test class tagged {@code node} that asks for it. Where it
 * cannot run (not root, containerd or the images missing) those classes are skipped with the
 * reason; everything else never starts it.
 */
public final class TestNode {

  private static LocalNode node;

  private TestNode() {}

  public static synchronized LocalNode node() {
    if (node == null) {
      assumeAvailable();
      node = TestCluster.cluster().startNode();
    }
    return node;
  }

  /** Skips the calling test, with the reason, where no local node can run. */
  public static void assumeAvailable() {
    Optional<String> unavailable =
        LocalNode.unavailable(
            LocalCluster.binaryDirectory(
                System.getProperty("keyward.kube.version", LocalCluster.DEFAULT_VERSION)));
    assumeTrue(unavailable.isEmpty(), () -> "no local node: " + unavailable.orElseThrow());
  }
}
